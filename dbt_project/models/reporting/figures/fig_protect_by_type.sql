{#- Protect: victims identified by trafficking type over all years (Texas rows). -#}
{{ figure_rows(
    ref('rpt_protect_identifications_by_county'),
    ['trafficking_type', 'victims_identified', 'victims_identified_suppressed', 'minors_identified', 'minors_identified_suppressed', 'referred_to_services', 'referred_to_services_suppressed'],
    where="fiscal_year = 'total' and county_fips = 'total' and trafficking_type <> 'total'",
    order_by="trafficking_type"
) }}
