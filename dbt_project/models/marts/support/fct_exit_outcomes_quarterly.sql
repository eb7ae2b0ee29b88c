{#- Survivors exiting services per fiscal quarter (of the exit date), county and outcome; exit_outcome is
    NULL where the provider recorded an exit without an outcome. -#}
with

services as (

    select * from {{ ref('fct_victim_services') }}
    where exit_date is not null

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns('quarter', 'services.exit_date') }},
        services.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        services.exit_outcome::text as exit_outcome,
        count(distinct services.survivor_key)::integer as survivors_exited

    from services
    inner join counties
        on services.county_fips = counties.county_fips
    group by {{ period_names('quarter') }}, services.county_fips, counties.region_code, services.exit_outcome

)

select * from final
