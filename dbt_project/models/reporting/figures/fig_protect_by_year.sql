{#- Protect: possible victims identified by fiscal year, the all-years total last (Texas rows, every type). -#}
{{ figure_rows(
    ref('rpt_protect_identifications_by_county'),
    ['fiscal_year', 'victims_identified', 'victims_identified_suppressed', 'minors_identified', 'minors_identified_suppressed', 'referred_to_services', 'referred_to_services_suppressed'],
    where="county_fips = 'total' and trafficking_type = 'total'",
    order_by="fiscal_year = 'total', fiscal_year"
) }}
