{{ config(unique_key=staging_unique_key('htcds_cases')) }}

with

source as (

    {{ current_raw_rows('htcds_cases') }}

),

renamed as (

    select
        {{ raw_data_columns('htcds_cases') }},
        _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
