{#- Phase II program efficiency: per Texas fiscal year and inventoried program, spend against stated
    budget and capacity (cost per bed or caseload slot) and whether it follows an evidence-based model. -#}

select
    fiscal_year::integer as fiscal_year,
    program_key::text as program_key,
    program_name::text as program_name,
    organisation_name::text as organisation_name,
    organisation_kind::text as organisation_kind,
    primary_pillar::text as primary_pillar,
    is_evidence_based::boolean as is_evidence_based,
    capacity::integer as capacity,
    annual_budget::numeric as annual_budget,
    obligated_amount::numeric as obligated_amount,
    expended_amount::numeric as expended_amount,
    expended_share_of_budget::numeric as expended_share_of_budget,
    expended_per_capacity_unit::numeric as expended_per_capacity_unit
from {{ ref('fct_program_efficiency') }}
