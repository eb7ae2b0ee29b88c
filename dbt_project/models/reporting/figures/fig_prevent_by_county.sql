{#- Prevent: the 20 counties with most activities over all years. -#}
{{ county_year_figure(ref('rpt_prevent_reach'), 'audience', along='county_fips',
    measures=['activities', 'evidence_based_activities', 'demand_reduction_activities', 'people_reached',
              'people_reached_suppressed'],
    order_by="activities desc, county_name", limit=20) }}
