{{ config(unique_key=staging_unique_key('funding_expenditures')) }}

with

source as (

    {{ current_raw_rows('funding_expenditures') }}

),

renamed as (

    select
        fiscal_year,
        fiscal_quarter,
        agency,
        program_name,
        pillar,
        funding_source,
        obligated_amount,
        expended_amount,
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
