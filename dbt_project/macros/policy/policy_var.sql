{#- A council policy value (suppression threshold, lookback days, fiscal year start...). They are stated
    once, in plugins/pillars/policy.yml, and reach dbt only as --vars: `pillars dbt ...`, the transform
    DAG, the benchmark and the tests all pass them, so dbt_project.yml holds no copy that could disagree
    with the publish gate. A bare `dbt` run without them stops here, saying how to run instead. While
    parsing (execute is false) a missing value is none, so `dbt parse` never needs the warehouse or vars. -#}
{% macro policy_var(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none and execute -%}
        {{ exceptions.raise_compiler_error(
            "dbt var '" ~ name ~ "' is council policy (plugins/pillars/policy.yml) and was not passed: run dbt as "
            ~ "'pillars dbt ...', which passes every policy value as --vars") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
