with

partnerships as (

    select * from {{ ref('stg_raw__partnerships') }}

),

final as (

    select
        {{ surrogate_key(['partner_id', 'partnership_id']) }}::text as partnership_key,
        partner_id::text as partner_id,
        partnership_id::text as partnership_id,
        organisation_a::text as organisation_a,
        {{ organisation_key('organisation_a') }}::text as organisation_a_key,
        organisation_a_kind::text as organisation_a_kind,
        organisation_b::text as organisation_b,
        {{ organisation_key('organisation_b') }}::text as organisation_b_key,
        organisation_b_kind::text as organisation_b_kind,
        partnership_type::text as partnership_type,
        level::text as level,  -- noqa: RF04
        county_fips::text as county_fips,
        start_date::date as start_date,
        end_date::date as end_date,
        (organisation_a_kind <> organisation_b_kind)::boolean as is_cross_sector

    from partnerships

)

select * from final
