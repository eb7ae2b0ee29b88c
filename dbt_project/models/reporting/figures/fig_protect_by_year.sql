{#- Protect: possible victims identified by fiscal year, the all-years total last (Texas rows, every type). -#}
{{ county_year_figure(ref('rpt_protect_identifications_by_county'), 'trafficking_type', along='fiscal_year',
    with_total=true,
    measures=['victims_identified', 'victims_identified_suppressed', 'minors_identified',
              'minors_identified_suppressed', 'referred_to_services', 'referred_to_services_suppressed'],
    order_by="fiscal_year = 'total', fiscal_year") }}
