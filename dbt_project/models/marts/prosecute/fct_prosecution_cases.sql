{{ nightly_fact_config('case_key') }}

with

cases as (

    select * from {{ ref('stg_raw__prosecution_cases') }}
    {% if is_incremental() %}
        where {{ in_lookback_window() }}
    {% endif %}

),

final as (

    select
        {{ surrogate_key(['partner_id', 'case_id']) }}::text as case_key,
        partner_id::text as partner_id,
        case_id::text as case_id,
        county_fips::text as county_fips,
        filing_date::date as filing_date,
        statutes::text[] as statutes,
        trafficking_type::text as trafficking_type,
        defendant_count::integer as defendant_count,
        victim_count::integer as victim_count,
        disposition::text as disposition,
        disposition_date::date as disposition_date,
        {{ is_convicted('disposition') }}::boolean as is_convicted,
        (case
            when disposition <> 'pending' and disposition_date >= filing_date
                then disposition_date - filing_date
        end)::integer as days_to_disposition,
        sentence_months::numeric as sentence_months,
        updated_at::timestamptz as updated_at,
        logical_date::date as logical_date

    from cases

)

select * from final
