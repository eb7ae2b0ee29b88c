{#- Provide support: survivors served by service category over all years (Texas rows, hidden counts last). -#}
{{ figure_rows(
    ref('rpt_support_survivors_served'),
    ['service_category', 'survivors_served', 'survivors_served_suppressed', 'services_delivered', 'services_delivered_suppressed'],
    where="fiscal_year = 'total' and county_fips = 'total' and service_category <> 'total'",
    order_by="survivors_served desc nulls last, service_category"
) }}
