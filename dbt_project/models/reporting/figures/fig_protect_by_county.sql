{#- Protect: the 20 counties with most identifications over all years (hidden counts last). -#}
{{ county_year_figure(ref('rpt_protect_identifications_by_county'), 'trafficking_type', along='county_fips',
    measures=['victims_identified', 'victims_identified_suppressed', 'minors_identified',
              'minors_identified_suppressed', 'referred_to_services', 'referred_to_services_suppressed'],
    order_by="victims_identified desc nulls last, county_name", limit=20) }}
