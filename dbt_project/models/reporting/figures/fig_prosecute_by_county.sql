{#- Prosecute: the 20 counties with most cases filed over all years (hidden counts last). -#}
{{ figure_rows(
    ref('rpt_prosecute_outcomes'),
    ['county_fips', 'county_name', 'cases', 'cases_suppressed', 'defendants', 'defendants_suppressed', 'victims', 'victims_suppressed'],
    where="fiscal_year = 'total' and disposition = 'total' and county_fips <> 'total'",
    order_by="cases desc nulls last, county_name",
    limit=20
) }}
