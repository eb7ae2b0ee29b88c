{#- Data quality: the 40 partner x feed x field combinations with most contract failures, over all months. -#}
with by_field as (
    select
        partner_id,
        feed,
        field,
        sum(row_rejections) as row_rejections,
        sum(files_rejected) as files_rejected,
        sum(batches_affected) as batches_affected
    from {{ ref('rpt_data_quality') }}
    group by partner_id, feed, field
)

{{ figure_rows('by_field', order_by="row_rejections desc, partner_id, feed, field", limit=40) }}
