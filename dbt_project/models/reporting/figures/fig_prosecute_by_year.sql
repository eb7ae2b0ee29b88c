{#- Prosecute: cases filed by fiscal year of filing, the all-years total last (Texas rows, every disposition). -#}
{{ county_year_figure(ref('rpt_prosecute_outcomes'), 'disposition', along='fiscal_year', with_total=true,
    measures=['cases', 'cases_suppressed', 'defendants', 'defendants_suppressed', 'victims', 'victims_suppressed'],
    order_by="fiscal_year = 'total', fiscal_year") }}
