{#- Prosecute: conviction rate by fiscal year of filing (Texas rows): convicted defendants over defendants
    with a final disposition. A sum of published cells is NULL, with its _suppressed flag, when any cell it
    adds is hidden (a partial sum would mislead and could expose the hidden cell); the rate is NULL with it. -#}
with cells as (
    select
        fiscal_year,
        disposition in ('convicted_plea', 'convicted_trial') as is_convicted,
        disposition in (
            'dismissed', 'acquitted', 'convicted_plea', 'convicted_trial', 'deferred_adjudication'
        ) as is_disposed,
        defendants,
        defendants_suppressed
    from {{ ref('rpt_prosecute_outcomes') }}
    where county_fips = 'total'
),

sums as (
    select
        fiscal_year,
        coalesce(bool_or(defendants_suppressed) filter (where is_convicted), false) as convicted_hidden,
        coalesce(sum(defendants) filter (where is_convicted), 0) as convicted,
        coalesce(bool_or(defendants_suppressed) filter (where is_disposed), false) as disposed_hidden,
        coalesce(sum(defendants) filter (where is_disposed), 0) as disposed
    from cells
    group by fiscal_year
),

rates as (
    select
        fiscal_year,
        case when convicted_hidden then null else convicted end as convicted_defendants,
        convicted_hidden as convicted_defendants_suppressed,
        case when disposed_hidden then null else disposed end as disposed_defendants,
        disposed_hidden as disposed_defendants_suppressed
    from sums
)

{{ figure_rows(
    'rates',
    ['fiscal_year', 'convicted_defendants', 'convicted_defendants_suppressed', 'disposed_defendants',
     'disposed_defendants_suppressed',
     'round(convicted_defendants::numeric / nullif(disposed_defendants, 0), 4) as conviction_rate'],
    order_by="fiscal_year = 'total', fiscal_year"
) }}
