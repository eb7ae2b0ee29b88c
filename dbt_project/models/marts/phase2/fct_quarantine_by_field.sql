{#- Rejected rows per partner, feed, field and month: where partners' data breaks the contract. The
    loader's reason text may quote masked values, so only the field name is carried forward. -#}

select
    {{ dbt.concat(["rejected.partner_id", "'|'", "rejected.feed", "'|'", "coalesce(rejected.field, '(whole row)')",
                   "'|'", "date_trunc('month', rejected.logical_date)::date::text"]) }} as quarantine_key,
    rejected.partner_id,
    rejected.feed,
    coalesce(rejected.field, '(whole row)') as field,
    date_trunc('month', rejected.logical_date)::date as month_start,
    count(*) filter (where rejected.source_line > 0) as row_rejections,
    count(*) filter (where rejected.source_line = 0) as files_rejected,
    count(distinct rejected.batch_id) as batches_affected
from {{ source('quarantine', 'rejected_rows') }} as rejected
inner join {{ source('ops', 'batches') }} as batches
    on rejected.batch_id = batches.batch_id
where batches.status in ('gated', 'rejected')  -- a batch still 'loaded' awaits its gate: not counted yet
group by 1, 2, 3, 4, 5
