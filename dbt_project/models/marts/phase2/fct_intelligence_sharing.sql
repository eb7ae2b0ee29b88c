{#- Phase II "intelligence sharing". Grain: source agency × receiving agency × Texas fiscal quarter:
    referrals passed, how many were actioned, and hours from receipt to action (median, 90th percentile).
    Referrals never actioned count in the volume and the open share, not in the latency. -#}

with referrals as (
    select
        source_agency,
        source_agency_kind,
        receiving_agency,
        receiving_agency_kind,
        {{ period_columns('quarter', 'received_at') }},
        category,
        outcome,
        case
            when actioned_at >= received_at then extract(epoch from actioned_at - received_at) / 3600.0
        end as hours_to_action
    from {{ ref('fct_intelligence_referrals') }}
)

select
    {{ dbt.concat(["source_agency", "'|'", "receiving_agency", "'|'", "quarter_start::text"]) }}
        as agency_pair_quarter_key,
    source_agency,
    source_agency_kind,
    receiving_agency,
    receiving_agency_kind,
    fiscal_year,
    fiscal_quarter,
    quarter_start,
    count(*) as referrals,
    count(hours_to_action) as referrals_actioned,
    round(1 - count(hours_to_action)::numeric / count(*), 4) as open_share,
    round((percentile_cont(0.5) within group (order by hours_to_action))::numeric, 2) as median_hours_to_action,
    round((percentile_cont(0.9) within group (order by hours_to_action))::numeric, 2) as p90_hours_to_action,
    count(*) filter (where outcome in ('investigation_opened', 'victim_recovered')) as referrals_leading_to_action,
    count(*) filter (where outcome = 'victim_recovered') as referrals_recovering_victims
from referrals
group by source_agency, source_agency_kind, receiving_agency, receiving_agency_kind, {{ period_names('quarter') }}
