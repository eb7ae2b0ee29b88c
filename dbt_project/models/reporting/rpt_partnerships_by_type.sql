{#- Partner pillar: formal partnerships by type and level (federal, state, regional, local), with 'total'
    rows over each. Active means started and not ended on the as-of date (the as_of_date macro), as in fct_task_force_coverage and
    the partnership rollups. Organisations and agreements only, no people, so nothing is suppressed. -#}

with partnerships as (
    select
        partnership_key,
        partnership_type,
        level,  -- noqa: RF04
        county_fips,
        start_date,
        end_date,
        is_cross_sector,
        start_date <= {{ as_of_date() }} and (end_date is null or end_date >= {{ as_of_date() }}) as is_active,
        {{ texas_fiscal_year('start_date') }} = {{ texas_fiscal_year(as_of_date()) }} as started_this_fiscal_year
    from {{ ref('fct_partnerships') }}
)

select
    (case when grouping(partnership_type) = 1 then 'total' else partnership_type end)::text as partnership_type,
    (case when grouping(level) = 1 then 'total' else level end)::text as level,  -- noqa: RF04
    count(*)::bigint as partnerships,
    count(*) filter (where is_active)::bigint as active_partnerships,
    count(*) filter (where started_this_fiscal_year)::bigint as started_this_fiscal_year,
    count(*) filter (where is_cross_sector)::bigint as cross_sector_partnerships,
    {{ safe_share('count(*) filter (where is_cross_sector)', 'count(*)') }}::numeric as cross_sector_share,
    count(*) filter (where county_fips is null)::bigint as statewide_partnerships,
    count(distinct county_fips)::bigint as counties,
    min(start_date)::date as first_start_date,
    {{ as_of_date() }}::date as as_of_date
from partnerships
group by cube (partnership_type, level)
