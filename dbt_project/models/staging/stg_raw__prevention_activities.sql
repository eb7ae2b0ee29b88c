{{ config(unique_key=staging_unique_key('prevention_activities')) }}

with

source as (

    {{ current_raw_rows('prevention_activities') }}

),

renamed as (

    select
        activity_id,
        activity_date,
        county as county_fips,
        audience,
        people_reached,
        curriculum,
        evidence_based,
        demand_reduction,
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
