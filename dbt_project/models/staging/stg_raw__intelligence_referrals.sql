{{ config(unique_key=staging_unique_key('intelligence_referrals')) }}

with

source as (

    {{ current_raw_rows('intelligence_referrals') }}

),

renamed as (

    select
        referral_id,
        source_agency,
        source_agency_kind,
        receiving_agency,
        receiving_agency_kind,
        received_at,
        actioned_at,
        county as county_fips,
        category,
        outcome,
        match_key_reporter,
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
