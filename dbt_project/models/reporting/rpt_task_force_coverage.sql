{#- Partner pillar: task-force coverage of every Texas county on the as-of date, beside the people
    identified there (the all-years cell of rpt_protect_identifications_by_county, with its suppression,
    so nothing can be recovered across the two tables). A county with identified victims and no active
    task force is a coverage gap. -#}

with coverage as (
    select
        county_fips,
        task_force_partnerships,
        task_force_organisations,
        has_task_force
    from {{ ref('fct_task_force_coverage') }}
),

identified as (
    {{ identified_by_county() }}
)

select
    coverage.county_fips::text as county_fips,
    counties.county_name::text as county_name,
    counties.region_code::text as region_code,
    counties.region_name::text as region_name,
    coverage.task_force_partnerships::bigint as task_force_partnerships,
    coverage.task_force_organisations::bigint as task_force_organisations,
    coverage.has_task_force::boolean as has_task_force,
    -- a county absent from the Protect table identified nobody: 0 is published as 0
    {{ published_cell('identified', 'victims_identified') }},
    (
        coalesce(identified.victims_identified_suppressed or identified.victims_identified > 0, false)
        and not coverage.has_task_force
    )::boolean as is_coverage_gap
from coverage
left join identified on coverage.county_fips = identified.county_fips
left join {{ ref('dim_county') }} as counties on coverage.county_fips = counties.county_fips
