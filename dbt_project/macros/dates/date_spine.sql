{#- One row per day from start_date to end_date inclusive (dbt_utils.date_spine is unreachable here). -#}
{% macro date_spine(start_date, end_date) -%}
    select day_series::date as date_day
    from generate_series({{ start_date }}::date, {{ end_date }}::date, interval '1 day') as day_series
{%- endmacro %}
