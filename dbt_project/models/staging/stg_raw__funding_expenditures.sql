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
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
