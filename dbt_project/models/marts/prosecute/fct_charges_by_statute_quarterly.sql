{{ county_rollup('quarter', 'fct_prosecution_charges', 'filing_date', ['statute'], {
    'charges': 'count(*)::integer',
    'cases': 'count(distinct facts.case_key)::integer',
}) }}
