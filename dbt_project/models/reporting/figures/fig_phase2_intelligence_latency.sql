{#- Phase II: hours from referral to action per agency pair in the latest referral quarter on or before the
    report date (shown_from <= report date < shown_until), slowest first. -#}
with latency as (
    {{ figure_quarter_rows(ref('rpt_intelligence_sharing_latency')) }}
)

{{ figure_rows(
    'latency',
    ['shown_from', 'shown_until', 'source_agency', 'receiving_agency', 'fiscal_year', 'fiscal_quarter', 'referrals',
     'referrals_actioned', 'open_share', 'median_hours_to_action', 'p90_hours_to_action',
     'victims_recovered_referrals', 'victims_recovered_referrals_suppressed'],
    order_by="median_hours_to_action desc nulls last, source_agency, receiving_agency",
    partition_by="shown_from"
) }}
