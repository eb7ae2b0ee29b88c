{#- Summary: each measure's last eight fiscal quarters up to the latest quarter on or before the report date
    (shown_from <= report date < shown_until). -#}
with windows as (
    {{ figure_as_of_windows(ref('rpt_pillar_scorecard_quarterly')) }}
),

trends as (
    select
        windows.shown_from,
        windows.shown_until,
        scorecard.pillar,
        scorecard.measure,
        scorecard.quarter_start,
        scorecard.count_value,
        scorecard.count_value_suppressed,
        scorecard.amount
    from windows
    inner join {{ ref('rpt_pillar_scorecard_quarterly') }} as scorecard
        on
            windows.shown_from >= scorecard.quarter_start
            and windows.shown_from - interval '24 months' < scorecard.quarter_start
)

{{ figure_rows(
    'trends',
    ['shown_from', 'shown_until', 'pillar', 'measure', 'quarter_start', 'count_value', 'count_value_suppressed',
     'amount'],
    order_by="pillar, measure, quarter_start",
    partition_by="shown_from"
) }}
