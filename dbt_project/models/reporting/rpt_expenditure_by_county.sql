{#- Estimated spend per Texas fiscal year, county and pillar: each program's expenditure spread evenly
    over the counties it serves ('unallocated' when the program is not in the inventory). Money, no people. -#}

select
    spend.fiscal_year::integer as fiscal_year,
    spend.county_fips::text as county_fips,
    counties.county_name::text as county_name,
    spend.pillar::text as pillar,
    spend.expended_amount_allocated::numeric as expended_amount_allocated
from {{ ref('fct_expenditure_by_county') }} as spend
left join {{ ref('dim_county') }} as counties on spend.county_fips = counties.county_fips
