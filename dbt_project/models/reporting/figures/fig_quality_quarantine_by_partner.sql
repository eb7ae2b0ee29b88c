{#- Data quality: rows read and quarantined and files rejected per partner, over every feed. -#}
with by_partner as (
    select
        partner_id,
        partner_name,
        sum(rows_read) as rows_read,
        sum(rows_quarantined) as rows_quarantined,
        round(sum(rows_quarantined)::numeric / nullif(sum(rows_read), 0), 4) as quarantined_share,
        sum(batches_rejected) as batches_rejected
    from {{ ref('rpt_partner_submission_scorecard') }}
    group by partner_id, partner_name
)

{{ figure_rows('by_partner', order_by="partner_name, partner_id") }}
