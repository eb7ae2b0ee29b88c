{#- Services and unduplicated survivors served by period, county and service category. -#}
{% macro support_rollup(grain) -%}
{{ county_rollup(grain, 'fct_victim_services', 'service_date', ['service_category'], {
    'services': 'count(*)::integer',
    'survivors_served': 'count(distinct facts.survivor_key)::integer',
}) }}
{%- endmacro %}
