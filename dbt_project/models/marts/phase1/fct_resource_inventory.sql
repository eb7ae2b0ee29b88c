{#- Phase I inventory of human-trafficking resources. Grain: program × pillar × county × population ×
    service category, from the survey's list columns. An empty list is kept as 'unspecified' so a program
    that names no population still appears once per county and service it does name. -#}

with programs as (
    select * from {{ ref('dim_program') }}
)

select
    {{ dbt.concat(["programs.program_key", "'|'", "pillar.value", "'|'", "county.value", "'|'",
                   "population.value", "'|'", "service.value"]) }} as inventory_key,
    programs.program_key,
    programs.organisation_kind,
    pillar.value as pillar,
    county.value as county_fips,
    population.value as population,
    service.value as service_category,
    programs.is_evidence_based,
    programs.capacity,
    programs.annual_budget
from programs
cross join
    lateral unnest(
        case when cardinality(programs.pillars_served) > 0 then programs.pillars_served else array['unspecified'] end
    ) as pillar (value)
cross join
    lateral unnest(
        case when cardinality(programs.counties_served) > 0 then programs.counties_served else array['unspecified'] end
    ) as county (value)
cross join
    lateral unnest(
        case
            when cardinality(programs.populations_served) > 0 then programs.populations_served
            else array['unspecified']
        end
    ) as population (value)
cross join lateral unnest(
    case
        when cardinality(programs.services_offered) > 0 then programs.services_offered else array['unspecified']
    end
) as service (value)
