{#- Prosecute: cases filed, defendants and victims counted in them, by Texas fiscal year of filing,
    county and disposition, with 'total' rows. Defendants and victims are people and suppressed (cases
    too, since a case count bounds its defendants); mean sentence is hidden with the defendants. -#}

{{ county_year_report('fct_prosecution_cases', 'filing_date', 'disposition',
    inputs=['defendant_count', 'victim_count', 'sentence_months'],
    cells={
        'cases': 'count(*)',
        'defendants': 'sum(defendant_count)',
        'victims': 'coalesce(sum(victim_count), 0)',
        'mean_sentence_months': 'round(avg(sentence_months), 1)',
    },
    measures=['cases', 'defendants', 'victims'],
    published={
        'mean_sentence_months':
            '(case when suppressed.defendants_suppressed then null else suppressed.mean_sentence_months end)::numeric',
    }) }}
