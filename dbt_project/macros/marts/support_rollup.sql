{#- Services and unduplicated survivors served by period, county and service category. -#}
{% macro support_rollup(grain) -%}
with

services as (

    select * from {{ ref('fct_victim_services') }}

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns(grain, 'services.service_date') }},
        services.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        services.service_category::text as service_category,
        count(*)::integer as services,
        count(distinct services.survivor_key)::integer as survivors_served

    from services
    inner join counties
        on services.county_fips = counties.county_fips
    group by {{ period_names(grain) }}, services.county_fips, counties.region_code, services.service_category

)

select * from final
{%- endmacro %}
