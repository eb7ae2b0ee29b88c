{{ nightly_fact_config('activity_key') }}

with

activities as (

    select * from {{ ref('stg_raw__prevention_activities') }}
    {% if is_incremental() %}
        where {{ in_lookback_window() }}
    {% endif %}

),

final as (

    select
        {{ surrogate_key(['partner_id', 'activity_id']) }}::text as activity_key,
        partner_id::text as partner_id,
        activity_id::text as activity_id,
        activity_date::date as activity_date,
        county_fips::text as county_fips,
        audience::text as audience,
        people_reached::integer as people_reached,
        curriculum::text as curriculum,
        coalesce(evidence_based, false)::boolean as evidence_based,
        coalesce(demand_reduction, false)::boolean as demand_reduction,
        logical_date::date as logical_date

    from activities

)

select * from final
