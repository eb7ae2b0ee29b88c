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
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
