{#- Prevent: activities and people reached by audience over all years (Texas rows). -#}
{{ county_year_figure(ref('rpt_prevent_reach'), 'audience', along='audience',
    measures=['activities', 'evidence_based_activities', 'demand_reduction_activities', 'people_reached',
              'people_reached_suppressed'],
    order_by="activities desc, audience") }}
