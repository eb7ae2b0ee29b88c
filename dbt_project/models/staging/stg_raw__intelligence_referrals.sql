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
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
