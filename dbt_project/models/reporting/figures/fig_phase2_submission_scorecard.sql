{#- Phase II: each partner feed's timeliness and quality. -#}
{{ figure_rows(
    ref('rpt_partner_submission_scorecard'),
    ['partner_name', 'feed', 'cadence', 'deliveries_expected', 'deliveries_received', 'completeness_share', 'deliveries_on_time', 'mean_days_late', 'batches_rejected', 'rows_read', 'rows_quarantined', 'quarantined_share', 'last_delivery_date'],
    where="true",
    order_by="partner_name, feed"
) }}
