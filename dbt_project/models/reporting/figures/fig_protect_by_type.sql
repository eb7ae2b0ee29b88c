{#- Protect: victims identified by trafficking type over all years (Texas rows). -#}
{{ county_year_figure(ref('rpt_protect_identifications_by_county'), 'trafficking_type', along='trafficking_type',
    measures=['victims_identified', 'victims_identified_suppressed', 'minors_identified',
              'minors_identified_suppressed', 'referred_to_services', 'referred_to_services_suppressed'],
    order_by="trafficking_type") }}
