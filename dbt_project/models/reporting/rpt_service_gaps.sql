{#- Phase I gaps: per county and service category, whether victims were identified there but no
    inventoried program offers the category. Victim and survivor counts are the all-years cells of the
    Protect and Support reporting tables (same suppression, so no cross-table subtraction), and the
    coverage ratio is hidden whenever the victim count is. -#}

with gaps as (
    select
        county_fips,
        service_category,
        providers,
        evidence_based_providers,
        is_gap
    from {{ ref('fct_service_gaps') }}
),

identified as (
    {{ identified_by_county() }}
),

served as (
    select
        county_fips,
        service_category,
        survivors_served,
        survivors_served_suppressed
    from {{ ref('rpt_support_survivors_served') }}
    where fiscal_year = 'total' and county_fips <> 'total' and service_category <> 'total'
)

select
    gaps.county_fips::text as county_fips,
    counties.county_name::text as county_name,
    gaps.service_category::text as service_category,
    {{ published_cell('identified', 'victims_identified') }},
    {{ published_cell('served', 'survivors_served') }},
    gaps.providers::bigint as providers,
    gaps.evidence_based_providers::bigint as evidence_based_providers,
    gaps.is_gap::boolean as is_gap,
    round(10.0 * gaps.providers / nullif(identified.victims_identified, 0), 3)::numeric
        as providers_per_10_identified
from gaps
left join identified on gaps.county_fips = identified.county_fips
left join served on gaps.county_fips = served.county_fips and gaps.service_category = served.service_category
left join {{ ref('dim_county') }} as counties on gaps.county_fips = counties.county_fips
