{#- Phase II "program efficiency". Grain: Texas fiscal year × inventoried program with spend in the
    funding feed: what it spent against its stated budget and capacity, and whether it follows an
    evidence-based model -- cost per unit of capacity is the comparable efficiency figure across
    programs of a pillar (services are not reported per program, so outputs per program are not known). -#}

with spend as (
    select
        fiscal_year,
        program_key,
        sum(expended_amount) as expended_amount,
        sum(obligated_amount) as obligated_amount
    from {{ ref('fct_funding_expenditures') }}
    where program_key is not null
    group by fiscal_year, program_key
)

select
    {{ dbt.concat(["spend.fiscal_year::text", "'|'", "spend.program_key"]) }} as program_year_key,
    spend.fiscal_year,
    spend.program_key,
    programs.program_name,
    programs.organisation_name,
    programs.organisation_kind,
    programs.pillars_served[1] as primary_pillar,
    programs.is_evidence_based,
    programs.capacity,
    programs.annual_budget,
    spend.obligated_amount,
    spend.expended_amount,
    round(spend.expended_amount / nullif(programs.annual_budget, 0), 4) as expended_share_of_budget,
    round(spend.expended_amount / nullif(programs.capacity, 0), 2) as expended_per_capacity_unit
from spend
inner join {{ ref('dim_program') }} as programs on spend.program_key = programs.program_key
