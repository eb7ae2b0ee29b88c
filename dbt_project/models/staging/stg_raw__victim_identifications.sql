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
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
