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
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
