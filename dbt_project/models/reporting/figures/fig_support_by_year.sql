{#- Provide support: unduplicated survivors served by fiscal year, the all-years total last (Texas rows). -#}
{{ figure_rows(
    ref('rpt_support_survivors_served'),
    ['fiscal_year', 'survivors_served', 'survivors_served_suppressed', 'services_delivered', 'services_delivered_suppressed'],
    where="county_fips = 'total' and service_category = 'total'",
    order_by="fiscal_year = 'total', fiscal_year"
) }}
