{#- Prevent: activities and people reached per Texas fiscal year, county and audience, with 'total'
    rows; shares of evidence-based and demand-reduction activities. People reached are suppressed. -#}

{{ county_year_report('fct_prevention_activities', 'activity_date', 'audience',
    inputs=['people_reached', 'evidence_based', 'demand_reduction'],
    cells={
        'activities': 'count(*)',
        'evidence_based_activities': 'count(*) filter (where evidence_based)',
        'demand_reduction_activities': 'count(*) filter (where demand_reduction)',
        'people_reached': 'coalesce(sum(people_reached), 0)',
    },
    measures=['people_reached']) }}
