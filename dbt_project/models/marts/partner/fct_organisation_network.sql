{#- The collaboration network per organisation: every organisation named in any feed, its degree
    (distinct partner organisations), ties to organisations of another kind (cross-sector), partnerships,
    task-force memberships and counties its partnerships cover. Zero for organisations without any. -#}
with

organisations as (

    select * from {{ ref('dim_organisation') }}

),

partnerships as (

    select * from {{ ref('fct_partnerships') }}

),

edges as (

    select
        partnership_key,
        organisation_a_key as organisation_key,
        organisation_b_key as other_key,
        is_cross_sector,
        partnership_type,
        county_fips
    from partnerships
    union all
    select
        partnership_key,
        organisation_b_key,
        organisation_a_key,
        is_cross_sector,
        partnership_type,
        county_fips
    from partnerships

),

measures as (

    select
        organisation_key,
        count(distinct other_key) as degree,
        count(distinct other_key) filter (where is_cross_sector) as cross_sector_ties,
        count(distinct partnership_key) as partnerships,
        count(distinct partnership_key) filter (where partnership_type = 'task_force_membership')
            as task_force_partnerships,
        count(distinct county_fips) as counties_covered

    from edges
    where organisation_key <> other_key
    group by organisation_key

),

final as (

    select
        organisations.organisation_key::text as organisation_key,
        organisations.organisation_name::text as organisation_name,
        organisations.organisation_kind::text as organisation_kind,
        coalesce(measures.degree, 0)::integer as degree,
        coalesce(measures.cross_sector_ties, 0)::integer as cross_sector_ties,
        coalesce(measures.partnerships, 0)::integer as partnerships,
        coalesce(measures.task_force_partnerships, 0)::integer as task_force_partnerships,
        coalesce(measures.counties_covered, 0)::integer as counties_covered

    from organisations
    left join measures
        on organisations.organisation_key = measures.organisation_key

)

select * from final
