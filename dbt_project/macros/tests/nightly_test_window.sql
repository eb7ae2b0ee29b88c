{#- What a nightly run's data tests read (issue 4): tests configured with `where: __nightly_window__` (every
    test on a staging table or a raw source, dbt_project.yml) check only the deliveries of the last
    `lookback_days` logical dates -- the rows a night writes, plus the late corrections an incremental run
    re-reads -- instead of re-reading the whole history every night. A run with --full-refresh, or with
    var nightly_tests: all, checks every row (nothing schedules such a run yet: see MODELS.md).
    Trade-off: a re-delivery of a date older than the window is tested at the next full refresh, not on
    the night it lands. -#}
{% macro postgres__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where and '__nightly_window__' in where -%}
        {%- set where = where | replace('__nightly_window__', nightly_test_window(relation)) -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro nightly_test_window(relation) -%}
    {%- if flags.FULL_REFRESH or var('nightly_tests', 'window') == 'all' -%}
        {{- return('true') -}}
    {%- endif -%}
    {%- set column = '_logical_date' if relation.schema == 'raw' else 'logical_date' -%}
    {#- The window starts lookback_days before the ledger's latest loaded night: one look-up in the small
        ledger (the graph's source ops.batches), not a second scan of the tested table. -#}
    {%- set window -%}
        {{ column }} >= (
            select max(ledger.logical_date) - {{ policy_var('lookback_days') }}
            from ops.batches as ledger
            where ledger.status = 'gated'
        )
    {%- endset -%}
    {{- return(window) -}}
{%- endmacro %}
