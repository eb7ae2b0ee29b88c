{{ config(unique_key=staging_unique_key('victim_services')) }}

with

source as (

    {{ current_raw_rows('victim_services') }}

),

renamed as (

    select
        client_record_id,
        intake_date,
        county as county_fips,
        age_band,
        gender,
        trafficking_type,
        referral_source,
        service_category,
        service_date,
        exit_date,
        exit_outcome,
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
