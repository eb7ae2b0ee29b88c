{{ config(unique_key=staging_unique_key('victim_identifications')) }}

with

source as (

    {{ current_raw_rows('victim_identifications') }}

),

renamed as (

    select
        identification_id,
        identification_date,
        county as county_fips,
        identifying_agency_type,
        agency_name,
        trafficking_type,
        age_group,
        nationality_group,
        referred_to_services,
        referred_to,
        match_key_name_dob,
        match_key_initials_dob_sex,
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
