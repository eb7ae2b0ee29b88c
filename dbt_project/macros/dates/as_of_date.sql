{#- The date the warehouse is built as of: what is active, which fiscal year is "this" one and where the
    date spine ends are judged on it, never on the wall clock, so re-running a night rebuilds the same
    warehouse. It is var('as_of_date') ('YYYY-MM-DD'; set only through PILLARS_DBT_VARS or dbt --vars) or,
    when that is unset (as the transform DAG leaves it), the latest night the ingestion ledger holds a gated
    batch for (2000-01-01, the contracts' earliest date, while the ledger is empty): the same ledger the
    staging views read. -#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', none) -%}
    {%- if value is none or value | string == '' -%}
        (
            select coalesce(max(logical_date), date '2000-01-01')
            from {{ source('ops', 'batches') }}
            where status = 'gated'
        )
    {%- else -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value | string) -%}
            {{ exceptions.raise_compiler_error("var as_of_date must be a date YYYY-MM-DD, got '" ~ value ~ "'") }}
        {%- endif -%}
        date '{{ value | string }}'
    {%- endif -%}
{%- endmacro %}
