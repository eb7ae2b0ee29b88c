{#- People reached by period, county and audience; the evidence-based share is of people reached.
    An activity that does not say whether it is evidence-based / demand-reducing counts as not. -#}
{% macro prevention_rollup(grain) -%}
with

activities as (

    select * from {{ ref('fct_prevention_activities') }}

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns(grain, 'activities.activity_date') }},
        activities.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        activities.audience::text as audience,
        count(*)::integer as activities,
        sum(activities.people_reached)::integer as people_reached,
        coalesce(sum(activities.people_reached) filter (where activities.evidence_based), 0)::integer
            as evidence_based_people_reached,
        {{ safe_share('coalesce(sum(activities.people_reached) filter (where activities.evidence_based), 0)',
            'sum(activities.people_reached)') }} as evidence_based_share,
        count(*) filter (where activities.demand_reduction)::integer as demand_reduction_activities,
        coalesce(sum(activities.people_reached) filter (where activities.demand_reduction), 0)::integer
            as demand_reduction_people_reached

    from activities
    inner join counties
        on activities.county_fips = counties.county_fips
    group by {{ period_names(grain) }}, activities.county_fips, counties.region_code, activities.audience

)

select * from final
{%- endmacro %}
