{#- One row per partner and feed in the registry: expected against received deliveries over the whole
    ledger, timeliness and the quarantined share -- the Phase II "data collection" measure. -#}

with periods as (
    select * from {{ ref('fct_partner_delivery_periods') }}
),

registry as (
    select * from {{ ref('partner_feeds') }}
)

select
    {{ dbt.concat(["registry.partner_id", "'|'", "registry.feed"]) }} as partner_feed_key,
    registry.partner_id,
    registry.partner_name,
    registry.partner_kind,
    registry.feed,
    registry.cadence,
    min(periods.period_start) as first_period_start,
    max(periods.period_end) as last_period_end,
    count(periods.period_start) filter (where periods.is_due) as deliveries_expected,
    count(periods.period_start) filter (where periods.is_due and periods.is_received) as deliveries_received,
    count(periods.period_start) filter (where periods.is_due and not periods.is_received) as deliveries_missing,
    round(
        (count(periods.period_start) filter (where periods.is_due and periods.is_received))::numeric
        / nullif(count(periods.period_start) filter (where periods.is_due), 0),
        4
    ) as completeness_share,
    count(periods.period_start) filter (where periods.is_received and periods.days_late = 0)
        as deliveries_on_time,
    round(avg(periods.days_late), 2) as mean_days_late,
    max(periods.days_late) as max_days_late,
    coalesce(sum(periods.batches_rejected), 0) as batches_rejected,
    coalesce(sum(periods.batches_failed), 0) as batches_failed,
    coalesce(sum(periods.rows_read), 0) as rows_read,
    coalesce(sum(periods.rows_loaded), 0) as rows_loaded,
    coalesce(sum(periods.rows_quarantined), 0) as rows_quarantined,
    round(sum(periods.rows_quarantined)::numeric / nullif(sum(periods.rows_read), 0), 4) as quarantined_share,
    max(periods.first_delivery_date) as last_delivery_date,
    coalesce(sum(periods.batches_with_unknown_columns), 0) as batches_with_unknown_columns,
    coalesce(sum(periods.cells_not_stored), 0) as cells_not_stored
from registry
left join periods
    on registry.partner_id = periods.partner_id and registry.feed = periods.feed
group by
    registry.partner_id, registry.partner_name, registry.partner_kind, registry.feed, registry.cadence
