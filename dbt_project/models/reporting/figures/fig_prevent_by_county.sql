{#- Prevent: the 20 counties with most activities over all years. -#}
{{ figure_rows(
    ref('rpt_prevent_reach'),
    ['county_fips', 'county_name', 'activities', 'evidence_based_activities', 'demand_reduction_activities', 'people_reached', 'people_reached_suppressed'],
    where="fiscal_year = 'total' and audience = 'total' and county_fips <> 'total'",
    order_by="activities desc, county_name",
    limit=20
) }}
