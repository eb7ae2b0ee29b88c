{#- Prevent: activities and people reached by audience over all years (Texas rows). -#}
{{ figure_rows(
    ref('rpt_prevent_reach'),
    ['audience', 'activities', 'evidence_based_activities', 'demand_reduction_activities', 'people_reached', 'people_reached_suppressed'],
    where="fiscal_year = 'total' and county_fips = 'total' and audience <> 'total'",
    order_by="activities desc, audience"
) }}
