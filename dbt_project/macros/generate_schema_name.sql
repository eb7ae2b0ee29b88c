{#- Use the folder's schema as is (staging, marts, reporting_next) instead of dbt's <target>_<custom>
    default: the warehouse's schemas and grants are fixed by the bootstrap SQL. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
