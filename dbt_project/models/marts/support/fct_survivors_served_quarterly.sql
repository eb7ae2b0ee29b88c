{#- Unduplicated survivors served per Texas fiscal quarter and county, the survivors new that quarter
    (first service ever), and the median wait from intake / identification to that first service. -#}
with

services as (

    select * from {{ ref('fct_victim_services') }}

),

first_services as (

    select * from {{ ref('fct_survivor_first_service') }}

),

served as (

    select
        {{ period_columns('quarter', 'service_date') }},
        county_fips,
        count(distinct survivor_key) as survivors_served

    from services
    group by {{ period_names('quarter') }}, county_fips

),

new_survivors as (

    select
        {{ period_start('quarter', 'first_service_date') }} as quarter_start,
        first_service_county_fips as county_fips,
        count(*) as new_survivors,
        {{ median('days_intake_to_first_service') }} as median_days_intake_to_first_service,
        {{ median('days_identification_to_first_service') }} as median_days_identification_to_first_service

    from first_services
    group by {{ period_start('quarter', 'first_service_date') }}, first_service_county_fips

),

final as (

    select
        served.quarter_start::date as quarter_start,
        served.fiscal_year::integer as fiscal_year,
        served.fiscal_quarter::integer as fiscal_quarter,
        served.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        served.survivors_served::integer as survivors_served,
        coalesce(new_survivors.new_survivors, 0)::integer as new_survivors,
        new_survivors.median_days_intake_to_first_service::numeric as median_days_intake_to_first_service,
        new_survivors.median_days_identification_to_first_service::numeric
            as median_days_identification_to_first_service

    from served
    inner join {{ ref('dim_county') }} as counties
        on served.county_fips = counties.county_fips
    left join new_survivors
        on
            served.quarter_start = new_survivors.quarter_start
            and served.county_fips = new_survivors.county_fips

)

select * from final
