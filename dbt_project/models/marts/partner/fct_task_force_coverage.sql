{#- Every Texas county with the task-force memberships active in it on the as-of date (started, not
    ended; see the as_of_date macro). Statewide partnerships without a county do not cover a particular county. -#}
with

counties as (

    select * from {{ ref('dim_county') }}

),

task_forces as (

    select * from {{ ref('fct_partnerships') }}
    where
        partnership_type = 'task_force_membership'
        and county_fips is not null
        and start_date <= {{ as_of_date() }}
        and (end_date is null or end_date >= {{ as_of_date() }})

),

organisations as (

    select
        partnership_key,
        county_fips,
        organisation_a_key as organisation_key
    from task_forces
    union
    select
        partnership_key,
        county_fips,
        organisation_b_key
    from task_forces

),

measures as (

    select
        county_fips,
        count(distinct partnership_key) as task_force_partnerships,
        count(distinct organisation_key) as task_force_organisations

    from organisations
    group by county_fips

),

final as (

    select
        counties.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        coalesce(measures.task_force_partnerships, 0)::integer as task_force_partnerships,
        coalesce(measures.task_force_organisations, 0)::integer as task_force_organisations,
        (coalesce(measures.task_force_partnerships, 0) > 0)::boolean as has_task_force

    from counties
    left join measures
        on counties.county_fips = measures.county_fips

)

select * from final
