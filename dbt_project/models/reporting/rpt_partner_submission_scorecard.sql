{#- Phase II data collection: did each partner deliver each feed as often as the registry says, on time,
    and how much of it failed the contract. Organisation-level figures, no people. -#}

select
    partner_id::text as partner_id,
    partner_name::text as partner_name,
    partner_kind::text as partner_kind,
    feed::text as feed,
    cadence::text as cadence,
    first_period_start::date as first_period_start,
    last_period_end::date as last_period_end,
    deliveries_expected::bigint as deliveries_expected,
    deliveries_received::bigint as deliveries_received,
    deliveries_missing::bigint as deliveries_missing,
    completeness_share::numeric as completeness_share,
    deliveries_on_time::bigint as deliveries_on_time,
    mean_days_late::numeric as mean_days_late,
    max_days_late::integer as max_days_late,
    batches_rejected::bigint as batches_rejected,
    rows_read::bigint as rows_read,
    rows_quarantined::bigint as rows_quarantined,
    quarantined_share::numeric as quarantined_share,
    last_delivery_date::date as last_delivery_date,
    batches_with_unknown_columns::bigint as batches_with_unknown_columns,
    cells_not_stored::bigint as cells_not_stored
from {{ ref('fct_partner_submission_completeness') }}
