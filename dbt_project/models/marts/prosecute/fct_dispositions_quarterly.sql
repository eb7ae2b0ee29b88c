{#- Cases disposed per fiscal quarter of the disposition date, county and disposition. -#}
{{ county_rollup('quarter', 'fct_prosecution_cases', 'disposition_date', ['disposition'], {
    'cases': 'count(*)::integer',
    'defendants': 'sum(facts.defendant_count)::integer',
    'median_sentence_months': median('facts.sentence_months'),
}, where="disposition <> 'pending' and disposition_date is not null") }}
