{#- The county dimension names every one of Texas's 254 counties (FIPS from the texas_counties seed)
    exactly once, each with one HHS region, and every region 01..11 holds at least one county. Returns
    one row per problem. -#}
with

counties as (

    select * from {{ ref('texas_counties') }}

),

dimension as (

    select * from {{ ref('dim_county') }}

),

expected_regions as (

    select lpad(region_number::text, 2, '0') as region_code
    from generate_series(1, 11) as region_number

),

per_county as (

    select
        counties.county_fips,
        count(dimension.county_fips) as dimension_rows,
        count(dimension.region_code) as regions

    from counties
    left join dimension
        on counties.county_fips = dimension.county_fips
    group by counties.county_fips

),

per_region as (

    select
        expected_regions.region_code,
        count(dimension.county_fips) as counties

    from expected_regions
    left join dimension
        on expected_regions.region_code = dimension.region_code
    group by expected_regions.region_code

),

problems as (

    select 'county ' || county_fips || ': ' || dimension_rows || ' rows, ' || regions || ' regions' as problem
    from per_county
    where dimension_rows != 1 or regions != 1

    union all

    select 'region ' || region_code || ' has no county' as problem
    from per_region
    where counties = 0

    union all

    select 'texas_counties holds ' || count(*) || ' counties, not 254' as problem
    from counties
    having count(*) != 254

    union all

    select 'dim_county has region ' || region_code || ', not one of 01..11' as problem
    from dimension
    where region_code not in (select expected_regions.region_code from expected_regions)

)

select * from problems
