{#- Provide support: unduplicated survivors served by fiscal year, the all-years total last (Texas rows). -#}
{{ county_year_figure(ref('rpt_support_survivors_served'), 'service_category', along='fiscal_year', with_total=true,
    measures=['survivors_served', 'survivors_served_suppressed', 'services_delivered', 'services_delivered_suppressed'],
    order_by="fiscal_year = 'total', fiscal_year") }}
