{{ config(unique_key=staging_unique_key('partnerships')) }}

with

source as (

    {{ current_raw_rows('partnerships') }}

),

renamed as (

    select
        partnership_id,
        organisation_a,
        organisation_a_kind,
        organisation_b,
        organisation_b_kind,
        partnership_type,
        level,
        county as county_fips,
        start_date,
        end_date,
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
