{#- Methods: the fiscal quarters each pillar's scorecard covers up to the latest quarter on or before the
    report date (shown_from <= report date < shown_until). -#}
with history as (
    {{ figure_quarter_rows(ref('rpt_pillar_scorecard_quarterly'), quarters=none) }}
),

periods as (
    select
        shown_from,
        shown_until,
        pillar,
        min(quarter_start) as first_quarter_start,
        max(quarter_start) as last_quarter_start,
        count(distinct quarter_start) as quarters
    from history
    group by shown_from, shown_until, pillar
)

{{ figure_rows('periods', order_by="pillar", partition_by="shown_from") }}
