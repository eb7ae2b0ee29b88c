{#- People reached by period, county and audience; the evidence-based share is of people reached.
    An activity that does not say whether it is evidence-based / demand-reducing counts as not. -#}
{% macro prevention_rollup(grain) -%}
{%- set evidence_based = 'coalesce(sum(facts.people_reached) filter (where facts.evidence_based), 0)' -%}
{{ county_rollup(grain, 'fct_prevention_activities', 'activity_date', ['audience'], {
    'activities': 'count(*)::integer',
    'people_reached': 'sum(facts.people_reached)::integer',
    'evidence_based_people_reached': evidence_based ~ '::integer',
    'evidence_based_share': safe_share(evidence_based, 'sum(facts.people_reached)'),
    'demand_reduction_activities': 'count(*) filter (where facts.demand_reduction)::integer',
    'demand_reduction_people_reached':
        'coalesce(sum(facts.people_reached) filter (where facts.demand_reduction), 0)::integer',
}) }}
{%- endmacro %}
