{#- Period columns shared by every monthly / quarterly rollup (see MODELS.md). Quarters are Texas fiscal
    quarters (September, December, March, June). -#}
{% macro period_start(grain, date_expr) -%}
    {%- if grain == 'month' -%}
        date_trunc('month', ({{ date_expr }})::date)::date
    {%- elif grain == 'quarter' -%}
        {{ texas_fiscal_quarter_start(date_expr) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("period grain must be month or quarter, not " ~ grain) }}
    {%- endif -%}
{%- endmacro %}

{#- The period columns of a rollup: month_start or quarter_start, fiscal_year (and fiscal_quarter). -#}
{% macro period_columns(grain, date_expr) -%}
    {%- if grain == 'month' -%}
        {{ period_start('month', date_expr) }} as month_start,
        {{ texas_fiscal_year(date_expr) }} as fiscal_year
    {%- else -%}
        {{ period_start('quarter', date_expr) }} as quarter_start,
        {{ texas_fiscal_year(date_expr) }} as fiscal_year,
        {{ texas_fiscal_quarter(date_expr) }} as fiscal_quarter
    {%- endif -%}
{%- endmacro %}

{#- Grouping names of the period columns, for group by / unique_combination. -#}
{% macro period_names(grain) -%}
    {%- if grain == 'month' -%}month_start, fiscal_year{%- else -%}quarter_start, fiscal_year, fiscal_quarter{%- endif -%}
{%- endmacro %}
