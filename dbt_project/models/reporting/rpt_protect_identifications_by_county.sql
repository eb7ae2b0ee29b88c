{#- Protect: people identified as possible victims, unduplicated by privacy token, per Texas fiscal year,
    county and trafficking type, with 'total' rows over each dimension (totals are unduplicated too, so
    they can be less than the sum of their cells). Small-cell and complementary suppression applied. -#}

{{ county_year_report('fct_victim_identifications', 'identification_date', 'trafficking_type',
    inputs=['survivor_key', 'age_group', 'referred_to_services'],
    cells={
        'victims_identified': 'count(distinct survivor_key)',
        'minors_identified': "count(distinct survivor_key) filter (where age_group = 'minor')",
        'referred_to_services': 'count(distinct survivor_key) filter (where referred_to_services)',
    },
    measures=['victims_identified', 'minors_identified', 'referred_to_services']) }}
