{#- Median of a numeric expression as numeric (continuous percentile; NULL inputs ignored). -#}
{% macro median(expr) -%}
    (percentile_cont(0.5) within group (order by {{ expr }}))::numeric
{%- endmacro %}

{#- a / b as a numeric share, NULL when b is 0 (a share of nothing is unknown, not zero). -#}
{% macro safe_share(numerator, denominator) -%}
    round(({{ numerator }})::numeric / nullif(({{ denominator }})::numeric, 0), 4)
{%- endmacro %}
