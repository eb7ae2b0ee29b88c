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
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
