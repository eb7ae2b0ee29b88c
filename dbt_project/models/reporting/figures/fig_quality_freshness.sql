{#- Data quality: per feed, the partners delivering it, the latest accepted delivery and the deliveries
    missing. The report adds the days from last_delivery_date to its own as-of date. -#}
with by_feed as (
    select
        feed,
        count(*) as partners,
        max(last_delivery_date) as last_delivery_date,
        sum(deliveries_missing) as deliveries_missing
    from {{ ref('rpt_partner_submission_scorecard') }}
    group by feed
)

{{ figure_rows('by_feed', order_by="feed") }}
