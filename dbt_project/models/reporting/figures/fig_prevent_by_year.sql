{#- Prevent: activities and people reached by fiscal year (Texas rows, every audience). -#}
{{ figure_rows(
    ref('rpt_prevent_reach'),
    ['fiscal_year', 'activities', 'evidence_based_activities', 'demand_reduction_activities', 'people_reached', 'people_reached_suppressed'],
    where="county_fips = 'total' and audience = 'total' and fiscal_year <> 'total'",
    order_by="fiscal_year"
) }}
