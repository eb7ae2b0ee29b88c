{#- Provide support: the 20 counties with most survivors served over all years (hidden counts last). -#}
{{ figure_rows(
    ref('rpt_support_survivors_served'),
    ['county_fips', 'county_name', 'survivors_served', 'survivors_served_suppressed', 'services_delivered', 'services_delivered_suppressed'],
    where="fiscal_year = 'total' and service_category = 'total' and county_fips <> 'total'",
    order_by="survivors_served desc nulls last, county_name",
    limit=20
) }}
