{#- Provide support: survivors served, unduplicated across providers by privacy token, and services
    delivered, per Texas fiscal year, county and TIMS service category, with 'total' rows over each
    dimension. Small-cell and complementary suppression applied to both counts. -#}

with services as (
    select
        {{ texas_fiscal_year('service_date') }}::text as fiscal_year,
        county_fips,
        service_category,
        survivor_key
    from {{ ref('fct_victim_services') }}
),

cells as (
    select
        case when grouping(fiscal_year) = 1 then 'total' else fiscal_year end as fiscal_year,
        case when grouping(county_fips) = 1 then 'total' else county_fips end as county_fips,
        case when grouping(service_category) = 1 then 'total' else service_category end as service_category,
        count(distinct survivor_key) as survivors_served,
        count(*) as services_delivered
    from services
    group by cube (fiscal_year, county_fips, service_category)
),

suppressed as (
    {{ suppress_cells('cells', ['fiscal_year', 'county_fips', 'service_category'],
                      ['survivors_served', 'services_delivered']) }}
)

select
    suppressed.fiscal_year::text as fiscal_year,
    suppressed.county_fips::text as county_fips,
    coalesce(counties.county_name, case when suppressed.county_fips = 'total' then 'Texas' end)::text
        as county_name,
    suppressed.service_category::text as service_category,
    suppressed.survivors_served::bigint as survivors_served,
    suppressed.survivors_served_suppressed::boolean as survivors_served_suppressed,
    suppressed.services_delivered::bigint as services_delivered,
    suppressed.services_delivered_suppressed::boolean as services_delivered_suppressed
from suppressed
left join {{ ref('dim_county') }} as counties on suppressed.county_fips = counties.county_fips
