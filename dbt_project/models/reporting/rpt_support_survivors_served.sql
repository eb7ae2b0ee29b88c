{#- Provide support: survivors served, unduplicated across providers by privacy token, and services
    delivered, per Texas fiscal year, county and TIMS service category, with 'total' rows over each
    dimension. Small-cell and complementary suppression applied to both counts. -#}

{{ county_year_report('fct_victim_services', 'service_date', 'service_category',
    inputs=['survivor_key'],
    cells={
        'survivors_served': 'count(distinct survivor_key)',
        'services_delivered': 'count(*)',
    },
    measures=['survivors_served', 'services_delivered']) }}
