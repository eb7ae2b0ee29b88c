{#- Identifications, unduplicated survivors identified and the share referred to services, by period,
    county, trafficking type and age group. referred_to_services counts identifications (not people). -#}
{% macro identification_rollup(grain) -%}
{%- set referred = 'count(*) filter (where facts.referred_to_services)' -%}
{{ county_rollup(grain, 'fct_victim_identifications', 'identification_date', ['trafficking_type', 'age_group'], {
    'identifications': 'count(*)::integer',
    'survivors_identified': 'count(distinct facts.survivor_key)::integer',
    'referred_to_services': referred ~ '::integer',
    'share_referred': safe_share(referred, 'count(*)'),
}) }}
{%- endmacro %}
