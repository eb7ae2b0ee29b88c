{#- Provide support: survivors served by service category over all years (Texas rows, hidden counts last). -#}
{{ county_year_figure(ref('rpt_support_survivors_served'), 'service_category', along='service_category',
    measures=['survivors_served', 'survivors_served_suppressed', 'services_delivered', 'services_delivered_suppressed'],
    order_by="survivors_served desc nulls last, service_category") }}
