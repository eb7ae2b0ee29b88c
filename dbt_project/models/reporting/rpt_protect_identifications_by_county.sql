{#- Protect: people identified as possible victims, unduplicated by privacy token, per Texas fiscal year,
    county and trafficking type, with 'total' rows over each dimension (totals are unduplicated too, so
    they can be less than the sum of their cells). Small-cell and complementary suppression applied. -#}

with identifications as (
    select
        {{ texas_fiscal_year('identification_date') }}::text as fiscal_year,
        county_fips,
        trafficking_type,
        survivor_key,
        age_group,
        referred_to_services
    from {{ ref('fct_victim_identifications') }}
),

cells as (
    select
        case when grouping(fiscal_year) = 1 then 'total' else fiscal_year end as fiscal_year,
        case when grouping(county_fips) = 1 then 'total' else county_fips end as county_fips,
        case when grouping(trafficking_type) = 1 then 'total' else trafficking_type end as trafficking_type,
        count(distinct survivor_key) as victims_identified,
        count(distinct survivor_key) filter (where age_group = 'minor') as minors_identified,
        count(distinct survivor_key) filter (where referred_to_services) as referred_to_services
    from identifications
    group by cube (fiscal_year, county_fips, trafficking_type)
),

suppressed as (
    {{ suppress_cells('cells', ['fiscal_year', 'county_fips', 'trafficking_type'],
                      ['victims_identified', 'minors_identified', 'referred_to_services']) }}
)

select
    suppressed.fiscal_year::text as fiscal_year,
    suppressed.county_fips::text as county_fips,
    coalesce(counties.county_name, case when suppressed.county_fips = 'total' then 'Texas' end)::text
        as county_name,
    suppressed.trafficking_type::text as trafficking_type,
    suppressed.victims_identified::bigint as victims_identified,
    suppressed.victims_identified_suppressed::boolean as victims_identified_suppressed,
    suppressed.minors_identified::bigint as minors_identified,
    suppressed.minors_identified_suppressed::boolean as minors_identified_suppressed,
    suppressed.referred_to_services::bigint as referred_to_services,
    suppressed.referred_to_services_suppressed::boolean as referred_to_services_suppressed
from suppressed
left join {{ ref('dim_county') }} as counties on suppressed.county_fips = counties.county_fips
