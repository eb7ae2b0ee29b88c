{#- Phase I redundancy: pairs of programs that overlap on county, pillar, population and service, with
    the overlap score (mean Jaccard index of the four, 0 to 1). Programs and organisations, no people. -#}

select
    redundancy.program_key_a::text as program_key_a,
    program_a.program_name::text as program_name_a,
    program_a.organisation_name::text as organisation_a,
    redundancy.program_key_b::text as program_key_b,
    program_b.program_name::text as program_name_b,
    program_b.organisation_name::text as organisation_b,
    redundancy.same_organisation::boolean as same_organisation,
    redundancy.shared_counties::integer as shared_counties,
    redundancy.shared_pillars::integer as shared_pillars,
    redundancy.shared_populations::integer as shared_populations,
    redundancy.shared_services::integer as shared_services,
    redundancy.overlap_score::numeric as overlap_score
from {{ ref('fct_program_redundancy') }} as redundancy
inner join {{ ref('dim_program') }} as program_a on redundancy.program_key_a = program_a.program_key
inner join {{ ref('dim_program') }} as program_b on redundancy.program_key_b = program_b.program_key
