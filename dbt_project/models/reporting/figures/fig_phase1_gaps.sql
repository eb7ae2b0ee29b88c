{#- Phase I: the first 40 county x service gaps, most identified victims first (hidden counts last). -#}
{{ figure_rows(
    ref('rpt_service_gaps'),
    ['county_fips', 'county_name', 'service_category', 'victims_identified', 'victims_identified_suppressed', 'survivors_served', 'survivors_served_suppressed'],
    where="is_gap",
    order_by="victims_identified desc nulls last, county_name, service_category",
    limit=40
) }}
