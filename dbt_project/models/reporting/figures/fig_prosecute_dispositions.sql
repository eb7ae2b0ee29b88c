{#- Prosecute: cases, defendants, victims and mean sentence by disposition over all years (Texas rows). -#}
{{ county_year_figure(ref('rpt_prosecute_outcomes'), 'disposition', along='disposition',
    measures=['cases', 'cases_suppressed', 'defendants', 'defendants_suppressed', 'victims', 'victims_suppressed',
              'mean_sentence_months'],
    order_by="disposition") }}
