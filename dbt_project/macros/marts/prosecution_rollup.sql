{#- Cases filed in the period (by filing date), county and trafficking type, and what became of them so
    far: conviction rate = convicted / disposed (pending cases excluded; NULL when none disposed). -#}
{% macro prosecution_rollup(grain) -%}
{%- set disposed = "count(*) filter (where facts.disposition <> 'pending')" -%}
{%- set convicted = 'count(*) filter (where facts.is_convicted)' -%}
{{ county_rollup(grain, 'fct_prosecution_cases', 'filing_date', ['trafficking_type'], {
    'cases_filed': 'count(*)::integer',
    'defendants_charged': 'sum(facts.defendant_count)::integer',
    'victims': 'coalesce(sum(facts.victim_count), 0)::integer',
    'cases_disposed': disposed ~ '::integer',
    'cases_convicted': convicted ~ '::integer',
    'conviction_rate': safe_share(convicted, disposed),
    'median_days_to_disposition': median('facts.days_to_disposition'),
}) }}
{%- endmacro %}
