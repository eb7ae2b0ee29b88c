{#- Prevent: activities and people reached per Texas fiscal year, county and audience, with 'total'
    rows; shares of evidence-based and demand-reduction activities. People reached are suppressed. -#}

with activities as (
    select
        {{ texas_fiscal_year('activity_date') }}::text as fiscal_year,
        county_fips,
        audience,
        people_reached,
        evidence_based,
        demand_reduction
    from {{ ref('fct_prevention_activities') }}
),

cells as (
    select
        case when grouping(fiscal_year) = 1 then 'total' else fiscal_year end as fiscal_year,
        case when grouping(county_fips) = 1 then 'total' else county_fips end as county_fips,
        case when grouping(audience) = 1 then 'total' else audience end as audience,
        count(*) as activities,
        count(*) filter (where evidence_based) as evidence_based_activities,
        count(*) filter (where demand_reduction) as demand_reduction_activities,
        coalesce(sum(people_reached), 0) as people_reached
    from activities
    group by cube (fiscal_year, county_fips, audience)
),

suppressed as (
    {{ suppress_cells('cells', ['fiscal_year', 'county_fips', 'audience'], ['people_reached'],
                      attributes=['activities', 'evidence_based_activities', 'demand_reduction_activities']) }}
)

select
    suppressed.fiscal_year::text as fiscal_year,
    suppressed.county_fips::text as county_fips,
    coalesce(counties.county_name, case when suppressed.county_fips = 'total' then 'Texas' end)::text
        as county_name,
    suppressed.audience::text as audience,
    suppressed.activities::bigint as activities,
    suppressed.evidence_based_activities::bigint as evidence_based_activities,
    suppressed.demand_reduction_activities::bigint as demand_reduction_activities,
    suppressed.people_reached::bigint as people_reached,
    suppressed.people_reached_suppressed::boolean as people_reached_suppressed
from suppressed
left join {{ ref('dim_county') }} as counties on suppressed.county_fips = counties.county_fips
