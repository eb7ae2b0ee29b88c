{#- Texas state fiscal year of a date: 1 September to 31 August, named for the calendar year it ends in
    (2024-09-01 is FY2025). Quarter 1 is September to November. -#}

{% macro texas_fiscal_year(date_expr) -%}
    (extract(year from ({{ date_expr }})::date + interval '4 months'))::integer
{%- endmacro %}

{% macro texas_fiscal_quarter(date_expr) -%}
    (extract(quarter from ({{ date_expr }})::date + interval '4 months'))::integer
{%- endmacro %}

{% macro texas_fiscal_quarter_start(date_expr) -%}
    (date_trunc('quarter', ({{ date_expr }})::date + interval '4 months') - interval '4 months')::date
{%- endmacro %}

{#- The first day of Texas fiscal quarter `quarter` of fiscal year `year` (integers, as partners report
    spending): the inverse of texas_fiscal_year / texas_fiscal_quarter, with the same 4-month offset. -#}
{% macro texas_fiscal_quarter_first_day(year_expr, quarter_expr) -%}
    (make_date({{ year_expr }}, 1, 1) + ({{ quarter_expr }} - 1) * interval '3 months' - interval '4 months')::date
{%- endmacro %}
