{{ config(unique_key=staging_unique_key('htcds_cases')) }}

with

source as (

    {{ current_raw_rows('htcds_cases') }}

),

renamed as (

    select
        {{ raw_data_columns('htcds_cases') }},
        {{ raw_batch_columns() }}

    from source

)

select * from renamed
