{{ nightly_fact_config('referral_key') }}

with

referrals as (

    select * from {{ ref('stg_raw__intelligence_referrals') }}
    {% if is_incremental() %}
        where {{ in_lookback_window() }}
    {% endif %}

),

final as (

    select
        {{ surrogate_key(['partner_id', 'referral_id']) }}::text as referral_key,
        partner_id::text as partner_id,
        referral_id::text as referral_id,
        source_agency::text as source_agency,
        source_agency_kind::text as source_agency_kind,
        receiving_agency::text as receiving_agency,
        receiving_agency_kind::text as receiving_agency_kind,
        received_at::timestamptz as received_at,
        actioned_at::timestamptz as actioned_at,
        round((extract(epoch from (actioned_at - received_at)) / 3600)::numeric, 2)::numeric as hours_to_action,
        county_fips::text as county_fips,
        category::text as category,
        outcome::text as outcome,
        logical_date::date as logical_date

    from referrals

)

select * from final
