{#- Prosecute: the 20 counties with most cases filed over all years (hidden counts last). -#}
{{ county_year_figure(ref('rpt_prosecute_outcomes'), 'disposition', along='county_fips',
    measures=['cases', 'cases_suppressed', 'defendants', 'defendants_suppressed', 'victims', 'victims_suppressed'],
    order_by="cases desc nulls last, county_name", limit=20) }}
