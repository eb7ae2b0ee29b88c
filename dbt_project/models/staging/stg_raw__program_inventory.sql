{{ config(unique_key=staging_unique_key('program_inventory')) }}

with

source as (

    {{ current_raw_rows('program_inventory') }}

),

renamed as (

    select
        organisation_name,
        organisation_kind,
        program_name,
        pillars_served,
        services_offered,
        services_offered_other,
        counties_served,
        populations_served,
        capacity,
        evidence_based_model,
        annual_budget,
        funding_sources,
        outcome_measures,
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
