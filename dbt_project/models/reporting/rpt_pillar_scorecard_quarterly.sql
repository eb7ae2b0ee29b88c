{#- Phase II scorecard: headline figures per pillar and Texas fiscal quarter, with the previous quarter
    and the change. Counts (all units but usd) are suppressed; because the fiscal-year tables publish
    annual totals, a quarter hidden alone in its year is protected by hiding another (external totals).
    Previous values and changes are computed from the published values, never from hidden ones. -#}

{%- set columns = ['pillar', 'measure', 'unit', 'fiscal_year', 'fiscal_quarter', 'quarter_start']
    | join(',\n        ') %}

with scorecard as (
    select
        {{ columns }},
        value
    from {{ ref('fct_pillar_scorecard_quarterly') }}
),

counts as (
    select
        {{ columns }},
        value::bigint as count_value
    from scorecard
    where unit <> 'usd'
),

suppressed as (
    {{ suppress_cells('counts', ['pillar', 'measure', 'fiscal_year', 'fiscal_quarter'], ['count_value'],
                      attributes=['unit', 'quarter_start'], external_total_dimensions=['fiscal_quarter']) }}
),

published as (
    select
        {{ columns }},
        count_value,
        count_value_suppressed,
        null::numeric as amount
    from suppressed
    union all
    select
        {{ columns }},
        null::bigint as count_value,
        false as count_value_suppressed,
        value as amount
    from scorecard
    where unit = 'usd'
),

with_previous as (
    select
        *,
        lag(count_value) over w as previous_count_value,
        lag(count_value_suppressed) over w as previous_count_value_suppressed,
        lag(amount) over w as previous_amount,
        -- the previous row counts only when it is the adjacent quarter: a gap quarter had no activity at all
        coalesce(
            lag(quarter_start) over w = (quarter_start - interval '3 months')::date, false
        ) as has_previous_quarter
    from published
    window w as (partition by pillar, measure order by quarter_start)
),

compared as (
    select
        *,
        case when has_previous_quarter then coalesce(previous_count_value::numeric, previous_amount) end
            as previous_value,
        coalesce(count_value::numeric, amount) as current_value
    from with_previous
)

select
    pillar::text as pillar,
    measure::text as measure,
    unit::text as unit,
    fiscal_year::integer as fiscal_year,
    fiscal_quarter::integer as fiscal_quarter,
    quarter_start::date as quarter_start,
    count_value::bigint as count_value,
    count_value_suppressed::boolean as count_value_suppressed,
    amount::numeric as amount,
    (case when has_previous_quarter then previous_count_value end)::bigint as previous_count_value,
    (has_previous_quarter and coalesce(previous_count_value_suppressed, false))::boolean
        as previous_count_value_suppressed,
    (case when has_previous_quarter then previous_amount end)::numeric as previous_amount,
    -- `change` is the published column name (REPORTING.md), a keyword only to the linter
    (current_value - previous_value)::numeric as change,  -- noqa: RF04
    round((current_value - previous_value) / nullif(previous_value, 0), 4)::numeric as change_share
from compared
