{#- Provide support: the 20 counties with most survivors served over all years (hidden counts last). -#}
{{ county_year_figure(ref('rpt_support_survivors_served'), 'service_category', along='county_fips',
    measures=['survivors_served', 'survivors_served_suppressed', 'services_delivered', 'services_delivered_suppressed'],
    order_by="survivors_served desc nulls last, county_name", limit=20) }}
