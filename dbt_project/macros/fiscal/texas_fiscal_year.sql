{#- State fiscal year of a date: it starts on the first of the policy's fiscal_year_start_month
    (plugins/pillars/policy.yml; Texas: September) and is named for the calendar year it ends in
    (2024-09-01 is FY2025). Quarter 1 is its first three months. A date shifted forward by the months
    from the start month to the next January falls in the calendar year and quarter that name it. -#}

{% macro fiscal_year_offset_months() -%}
    {{ return((13 - (policy_var('fiscal_year_start_month') | int)) % 12) }}
{%- endmacro %}

{% macro texas_fiscal_year(date_expr) -%}
    (extract(year from ({{ date_expr }})::date + interval '{{ fiscal_year_offset_months() }} months'))::integer
{%- endmacro %}

{% macro texas_fiscal_quarter(date_expr) -%}
    (extract(quarter from ({{ date_expr }})::date + interval '{{ fiscal_year_offset_months() }} months'))::integer
{%- endmacro %}

{% macro texas_fiscal_quarter_start(date_expr) -%}
    {%- set shift = "interval '" ~ fiscal_year_offset_months() ~ " months'" -%}
    (date_trunc('quarter', ({{ date_expr }})::date + {{ shift }}) - {{ shift }})::date
{%- endmacro %}

{#- First day of fiscal year `fiscal_year_expr` (an integer expression), as a date. -#}
{% macro fiscal_year_start_date(fiscal_year_expr) -%}
    {%- set starts_year_before = 1 if fiscal_year_offset_months() > 0 else 0 -%}
    make_date(({{ fiscal_year_expr }}) - {{ starts_year_before }}, {{ policy_var('fiscal_year_start_month') | int }}, 1)
{%- endmacro %}

{#- The first day of fiscal quarter `quarter_expr` of fiscal year `year_expr` (integers, as partners report
    spending): the inverse of texas_fiscal_year / texas_fiscal_quarter, from the policy's start month. -#}
{% macro texas_fiscal_quarter_first_day(year_expr, quarter_expr) -%}
    ({{ fiscal_year_start_date(year_expr) }} + (({{ quarter_expr }}) - 1) * interval '3 months')::date
{%- endmacro %}
