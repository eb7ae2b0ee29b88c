with

charges as (

    select * from {{ ref('fct_prosecution_charges') }}

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns('quarter', 'charges.filing_date') }},
        charges.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        charges.statute::text as statute,
        count(*)::integer as charges,
        count(distinct charges.case_key)::integer as cases

    from charges
    inner join counties
        on charges.county_fips = counties.county_fips
    group by {{ period_names('quarter') }}, charges.county_fips, counties.region_code, charges.statute

)

select * from final
