{#- Spend per county, estimated: the funding feed has no county, so each program's expenditure is
    spread evenly over the counties its inventory entry serves (programs with no inventory match or no
    counties are reported under 'unallocated'). Grain: Texas fiscal year × county × pillar. -#}

with spend as (
    select
        fiscal_year,
        pillar,
        program_key,
        sum(expended_amount) as expended_amount
    from {{ ref('fct_funding_expenditures') }}
    group by fiscal_year, pillar, program_key
),

footprint as (
    select
        program_key,
        counties_served
    from {{ ref('dim_program') }}
    where cardinality(counties_served) > 0
),

allocated as (
    select
        spend.fiscal_year,
        spend.pillar,
        coalesce(county.value, 'unallocated') as county_fips,
        spend.expended_amount / coalesce(cardinality(footprint.counties_served), 1) as expended_amount
    from spend
    left join footprint on spend.program_key = footprint.program_key
    left join lateral unnest(footprint.counties_served) as county (value) on true
)

select
    {{ dbt.concat(["fiscal_year::text", "'|'", "county_fips", "'|'", "pillar"]) }} as county_expenditure_key,
    fiscal_year,
    county_fips,
    pillar,
    round(sum(expended_amount), 2) as expended_amount_allocated
from allocated
group by fiscal_year, county_fips, pillar
