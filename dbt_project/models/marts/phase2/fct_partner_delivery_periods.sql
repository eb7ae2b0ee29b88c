{#- One row per partner, feed and delivery period the registry's cadence expects, from the first to the
    last night in the ledger: was something delivered, how late was it loaded, how much was quarantined. -#}

with registry as (
    select * from {{ ref('partner_feeds') }}
),

batches as (
    select
        ledger.batch_id,
        ledger.partner_id,
        ledger.feed,
        ledger.logical_date,
        ledger.status,
        ledger.rows_read,
        ledger.rows_loaded,
        ledger.rows_quarantined,
        ledger.started_at,
        drift.unknown_column_count,
        drift.unknown_cells
    from {{ source('ops', 'batches') }} as ledger
    -- schema drift: the columns nobody declared and their non-empty cells (names only, never values)
    cross join
        lateral (
            select
                count(*) as unknown_column_count,
                coalesce(sum(drift_cells.value::bigint), 0) as unknown_cells
            from jsonb_each_text(ledger.unknown_columns) as drift_cells
        ) as drift
    where ledger.status <> 'loading'
),

ledger_window as (
    select
        min(logical_date) as first_night,
        max(logical_date) as last_night
    from batches
),

periods as (
    select
        registry.partner_id,
        registry.partner_name,
        registry.partner_kind,
        registry.feed,
        registry.cadence,
        series.period_start::date as period_start,
        (series.period_start + {{ cadence_interval('registry.cadence') }} - interval '1 day')::date as period_end,
        ledger_window.last_night
    from registry
    cross join ledger_window
    cross join lateral generate_series(
        date_trunc({{ cadence_unit('registry.cadence') }}, ledger_window.first_night::timestamp),
        ledger_window.last_night::timestamp,
        {{ cadence_interval('registry.cadence') }}
    ) as series (period_start)
),

delivered as (
    select
        periods.partner_id,
        periods.feed,
        periods.period_start,
        count(batches.batch_id) as batches_delivered,
        count(batches.batch_id) filter (where batches.status in ('gated', 'replaced')) as batches_accepted,
        count(batches.batch_id) filter (where batches.status = 'rejected') as batches_rejected,
        count(batches.batch_id) filter (where batches.status = 'failed') as batches_failed,
        min(batches.logical_date) filter (where batches.status in ('gated', 'replaced')) as first_delivery_date,
        min(batches.started_at) filter (where batches.status in ('gated', 'replaced')) as first_loaded_at,
        coalesce(sum(batches.rows_read) filter (where batches.status in ('gated', 'rejected')), 0) as rows_read,
        coalesce(sum(batches.rows_loaded) filter (where batches.status = 'gated'), 0) as rows_loaded,
        coalesce(sum(batches.rows_quarantined) filter (where batches.status in ('gated', 'rejected')), 0)
            as rows_quarantined,
        count(batches.batch_id) filter (where batches.status = 'gated' and batches.unknown_column_count > 0)
            as batches_with_unknown_columns,
        coalesce(sum(batches.unknown_cells) filter (where batches.status = 'gated'), 0) as cells_not_stored
    from periods
    inner join batches
        on
            periods.partner_id = batches.partner_id
            and periods.feed = batches.feed
            and batches.logical_date between periods.period_start and periods.period_end
    group by periods.partner_id, periods.feed, periods.period_start
)

select
    {{ dbt.concat(["periods.partner_id", "'|'", "periods.feed", "'|'", "periods.period_start::text"]) }}
        as delivery_period_key,
    periods.partner_id,
    periods.partner_name,
    periods.partner_kind,
    periods.feed,
    periods.cadence,
    periods.period_start,
    periods.period_end,
    periods.period_end <= periods.last_night as is_due,
    coalesce(delivered.batches_accepted, 0) > 0 as is_received,
    coalesce(delivered.batches_delivered, 0) as batches_delivered,
    coalesce(delivered.batches_accepted, 0) as batches_accepted,
    coalesce(delivered.batches_rejected, 0) as batches_rejected,
    coalesce(delivered.batches_failed, 0) as batches_failed,
    delivered.first_delivery_date,
    delivered.first_loaded_at,
    -- a period's delivery is due by the night after the period ends; loading later than that is late
    case
        when delivered.first_loaded_at is not null
            then greatest(0, delivered.first_loaded_at::date - (periods.period_end + 1))
    end as days_late,
    coalesce(delivered.rows_read, 0) as rows_read,
    coalesce(delivered.rows_loaded, 0) as rows_loaded,
    coalesce(delivered.rows_quarantined, 0) as rows_quarantined,
    coalesce(delivered.batches_with_unknown_columns, 0) as batches_with_unknown_columns,
    coalesce(delivered.cells_not_stored, 0) as cells_not_stored
from periods
left join delivered
    on
        periods.partner_id = delivered.partner_id
        and periods.feed = delivered.feed
        and periods.period_start = delivered.period_start
where periods.period_end <= periods.last_night or delivered.batches_accepted > 0
