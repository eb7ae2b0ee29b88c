with

counties as (

    select * from {{ ref('texas_counties') }}

),

region_counties as (

    select * from {{ ref('hhsc_region_counties') }}

),

regions as (

    select * from {{ ref('hhsc_regions') }}

),

final as (

    select
        counties.county_fips,
        counties.county_name,
        region_counties.region_code,
        regions.region_name

    from counties
    left join region_counties
        on counties.county_name = region_counties.county_name
    left join regions
        on region_counties.region_code = regions.region_code

)

select * from final
