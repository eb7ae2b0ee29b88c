{#- Summary: the scorecard's rows of one fiscal quarter, for every report date that quarter is the latest
    quarter on or before (shown_from <= report date < shown_until). -#}
with windows as (
    {{ figure_as_of_windows(ref('rpt_pillar_scorecard_quarterly')) }}
),

headlines as (
    select
        windows.shown_from,
        windows.shown_until,
        scorecard.*
    from windows
    inner join {{ ref('rpt_pillar_scorecard_quarterly') }} as scorecard
        on windows.shown_from = scorecard.quarter_start
)

{{ figure_rows(
    'headlines',
    ['shown_from', 'shown_until', 'pillar', 'measure', 'unit', 'fiscal_year', 'fiscal_quarter', 'quarter_start',
     'count_value', 'count_value_suppressed', 'amount', 'previous_count_value', 'previous_count_value_suppressed',
     'previous_amount', 'change', 'change_share'],
    order_by="pillar, measure",
    partition_by="shown_from"
) }}
