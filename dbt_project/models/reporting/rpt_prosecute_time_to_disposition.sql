{#- Prosecute: days from filing to final disposition, by Texas fiscal year of filing and disposition,
    with 'total' rows (disposition 'total' = every final disposition; pending cases are left out). The
    case counts are rpt_prosecute_outcomes' cells with their suppression, so nothing can be recovered
    across the two tables; the all-dispositions count is the sum of its cells, hidden when any of them
    is. A median over a hidden count, or over no more cases with a disposition date than the threshold,
    is NULL. -#}

with outcomes as (
    select
        fiscal_year,
        disposition,
        cases,
        cases_suppressed
    from {{ ref('rpt_prosecute_outcomes') }}
    where county_fips = 'total'
),

disposed_counts as (
    -- published only when every disposition it adds is: a sum of published cells tells nothing new, and
    -- a hidden total keeps every fiscal-year group with a hidden cell at two hidden members or more
    select
        fiscal_year,
        coalesce(sum(cases), 0) as cases,
        coalesce(bool_or(cases_suppressed), false) as cases_suppressed
    from outcomes
    where disposition not in ('pending', 'total')
    group by fiscal_year
),

counts as (
    select
        fiscal_year,
        disposition,
        cases,
        cases_suppressed
    from outcomes
    where disposition not in ('pending', 'total')
    union all
    select
        fiscal_year,
        'total' as disposition,
        case when not cases_suppressed then cases end as cases,
        cases_suppressed
    from disposed_counts
),

durations as (
    select
        case when grouping(fiscal_year) = 1 then 'total' else fiscal_year end as fiscal_year,
        case when grouping(disposition) = 1 then 'total' else disposition end as disposition,
        count(*) as timed_cases,
        {{ median('days_to_disposition') }} as median_days,
        (percentile_cont(0.9) within group (order by days_to_disposition))::numeric as p90_days
    from (
        select
            {{ texas_fiscal_year('filing_date') }}::text as fiscal_year,
            disposition,
            days_to_disposition
        from {{ ref('fct_prosecution_cases') }}
        where disposition <> 'pending' and days_to_disposition is not null
    ) as timed
    group by cube (fiscal_year, disposition)
)

select
    counts.fiscal_year::text as fiscal_year,
    counts.disposition::text as disposition,
    counts.cases::bigint as cases,
    counts.cases_suppressed::boolean as cases_suppressed,
    (case
        when not counts.cases_suppressed and not {{ is_small_count('durations.timed_cases') }}
            then round(durations.median_days, 1)
    end)::numeric as median_days_to_disposition,
    (case
        when not counts.cases_suppressed and not {{ is_small_count('durations.timed_cases') }}
            then round(durations.p90_days, 1)
    end)::numeric as p90_days_to_disposition
from counts
left join durations
    on counts.fiscal_year = durations.fiscal_year and counts.disposition = durations.disposition
