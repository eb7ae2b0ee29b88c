{#- Prevent: activities and people reached by fiscal year (Texas rows, every audience). -#}
{{ county_year_figure(ref('rpt_prevent_reach'), 'audience', along='fiscal_year',
    measures=['activities', 'evidence_based_activities', 'demand_reduction_activities', 'people_reached',
              'people_reached_suppressed'],
    order_by="fiscal_year") }}
