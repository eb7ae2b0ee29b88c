{#- Summary: the scorecard's rows of one fiscal quarter, for every report date that quarter is the latest
    quarter on or before (shown_from <= report date < shown_until). -#}
with headlines as (
    {{ figure_quarter_rows(ref('rpt_pillar_scorecard_quarterly')) }}
)

{{ figure_rows(
    'headlines',
    ['shown_from', 'shown_until', 'pillar', 'measure', 'unit', 'fiscal_year', 'fiscal_quarter', 'quarter_start',
     'count_value', 'count_value_suppressed', 'amount', 'previous_count_value', 'previous_count_value_suppressed',
     'previous_amount', 'change', 'change_share'],
    order_by="pillar, measure",
    partition_by="shown_from"
) }}
