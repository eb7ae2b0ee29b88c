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
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
