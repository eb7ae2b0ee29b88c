{#- The data columns (not batch metadata) of a raw source table, comma-separated, from the generated
    source definition: for wide layouts (HTCDS, ~60 flags) whose column list is the contract's to state. -#}
{% macro raw_data_columns(feed) -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() if node.source_name == 'raw' and node.name == feed -%}
            {%- for column in node.columns.values() if not column.name.startswith('_') -%}
                {%- do names.append(column.name) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return((names | join(',\n        ')) if names else '1 as _not_compiled') }}
{%- endmacro %}
