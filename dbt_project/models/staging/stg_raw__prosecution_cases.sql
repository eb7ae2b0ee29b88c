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
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
