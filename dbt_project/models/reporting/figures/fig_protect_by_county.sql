{#- Protect: the 20 counties with most identifications over all years (hidden counts last). -#}
{{ figure_rows(
    ref('rpt_protect_identifications_by_county'),
    ['county_fips', 'county_name', 'victims_identified', 'victims_identified_suppressed', 'minors_identified', 'minors_identified_suppressed', 'referred_to_services', 'referred_to_services_suppressed'],
    where="fiscal_year = 'total' and trafficking_type = 'total' and county_fips <> 'total'",
    order_by="victims_identified desc nulls last, county_name",
    limit=20
) }}
