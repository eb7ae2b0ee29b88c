{#- Phase I "gaps in services". Grain: county × TIMS service category, for every county where victims
    were identified or survivors served. A gap is a county with identified victims and no inventoried
    program offering the category there; coverage is providers per 10 identified victims. -#}

with counties as (
    select county_fips from {{ ref('dim_county') }}
),

categories as (
    select service_category from {{ ref('dim_service_category') }}
),

identified as (
    select
        county_fips,
        count(distinct survivor_key) as victims_identified
    from {{ ref('fct_victim_identifications') }}
    group by county_fips
),

served as (
    select
        county_fips,
        service_category,
        count(distinct survivor_key) as survivors_served
    from {{ ref('fct_victim_services') }}
    group by county_fips, service_category
),

providers as (
    select
        county_fips,
        service_category,
        count(distinct program_key) as providers,
        count(distinct program_key) filter (where is_evidence_based) as evidence_based_providers
    from {{ ref('fct_resource_inventory') }}
    group by county_fips, service_category
)

select
    {{ dbt.concat(["counties.county_fips", "'|'", "categories.service_category"]) }} as county_service_key,
    counties.county_fips,
    categories.service_category,
    coalesce(identified.victims_identified, 0) as victims_identified,
    coalesce(served.survivors_served, 0) as survivors_served,
    coalesce(providers.providers, 0) as providers,
    coalesce(providers.evidence_based_providers, 0) as evidence_based_providers,
    coalesce(identified.victims_identified, 0) > 0 and coalesce(providers.providers, 0) = 0 as is_gap,
    round(10.0 * coalesce(providers.providers, 0) / nullif(identified.victims_identified, 0), 3)
        as providers_per_10_identified
from counties
cross join categories
left join identified on counties.county_fips = identified.county_fips
left join served
    on counties.county_fips = served.county_fips and categories.service_category = served.service_category
left join providers
    on counties.county_fips = providers.county_fips and categories.service_category = providers.service_category
where identified.victims_identified > 0 or served.survivors_served > 0
