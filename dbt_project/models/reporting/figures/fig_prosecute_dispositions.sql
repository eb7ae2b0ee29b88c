{#- Prosecute: cases, defendants, victims and mean sentence by disposition over all years (Texas rows). -#}
{{ figure_rows(
    ref('rpt_prosecute_outcomes'),
    ['disposition', 'cases', 'cases_suppressed', 'defendants', 'defendants_suppressed', 'victims', 'victims_suppressed', 'mean_sentence_months'],
    where="fiscal_year = 'total' and county_fips = 'total' and disposition <> 'total'",
    order_by="disposition"
) }}
