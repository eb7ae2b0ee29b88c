{#- Summary: each measure's last eight fiscal quarters up to the latest quarter on or before the report date
    (shown_from <= report date < shown_until). -#}
with trends as (
    {{ figure_quarter_rows(ref('rpt_pillar_scorecard_quarterly'), quarters=8) }}
)

{{ figure_rows(
    'trends',
    ['shown_from', 'shown_until', 'pillar', 'measure', 'quarter_start', 'count_value', 'count_value_suppressed',
     'amount'],
    order_by="pillar, measure, quarter_start",
    partition_by="shown_from"
) }}
