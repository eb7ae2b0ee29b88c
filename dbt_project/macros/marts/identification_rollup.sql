{#- Identifications, unduplicated survivors identified and the share referred to services, by period,
    county, trafficking type and age group. referred_to_services counts identifications (not people). -#}
{% macro identification_rollup(grain) -%}
with

identifications as (

    select * from {{ ref('fct_victim_identifications') }}

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns(grain, 'identifications.identification_date') }},
        identifications.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        identifications.trafficking_type::text as trafficking_type,
        identifications.age_group::text as age_group,
        count(*)::integer as identifications,
        count(distinct identifications.survivor_key)::integer as survivors_identified,
        count(*) filter (where identifications.referred_to_services)::integer as referred_to_services,
        {{ safe_share('count(*) filter (where identifications.referred_to_services)', 'count(*)') }}
            as share_referred

    from identifications
    inner join counties
        on identifications.county_fips = counties.county_fips
    group by
        {{ period_names(grain) }}, identifications.county_fips, counties.region_code,
        identifications.trafficking_type, identifications.age_group

)

select * from final
{%- endmacro %}
