{{ config(unique_key=staging_unique_key('prosecution_cases')) }}

with

source as (

    {{ current_raw_rows('prosecution_cases') }}

),

renamed as (

    select
        case_id,
        county as county_fips,
        filing_date,
        statutes,
        trafficking_type,
        defendant_count,
        victim_count,
        disposition,
        disposition_date,
        sentence_months,
        updated_at,
        match_key_defendants,
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
