{#- Prosecute: cases filed by fiscal year of filing, the all-years total last (Texas rows, every disposition). -#}
{{ figure_rows(
    ref('rpt_prosecute_outcomes'),
    ['fiscal_year', 'cases', 'cases_suppressed', 'defendants', 'defendants_suppressed', 'victims', 'victims_suppressed'],
    where="county_fips = 'total' and disposition = 'total'",
    order_by="fiscal_year = 'total', fiscal_year"
) }}
