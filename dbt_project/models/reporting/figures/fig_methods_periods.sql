{#- Methods: the fiscal quarters each pillar's scorecard covers up to the latest quarter on or before the
    report date (shown_from <= report date < shown_until). -#}
with windows as (
    {{ figure_as_of_windows(ref('rpt_pillar_scorecard_quarterly')) }}
),

periods as (
    select
        windows.shown_from,
        windows.shown_until,
        scorecard.pillar,
        min(scorecard.quarter_start) as first_quarter_start,
        max(scorecard.quarter_start) as last_quarter_start,
        count(distinct scorecard.quarter_start) as quarters
    from windows
    inner join {{ ref('rpt_pillar_scorecard_quarterly') }} as scorecard
        on windows.shown_from >= scorecard.quarter_start
    group by windows.shown_from, windows.shown_until, scorecard.pillar
)

{{ figure_rows(
    'periods',
    ['shown_from', 'shown_until', 'pillar', 'first_quarter_start', 'last_quarter_start', 'quarters'],
    order_by="pillar",
    partition_by="shown_from"
) }}
