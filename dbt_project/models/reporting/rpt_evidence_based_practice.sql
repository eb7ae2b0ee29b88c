{#- Phase I best practice: per pillar, the share of inventoried programs (and budget) following an
    evidence-based model, the evidence-based share of prevention activities, and how many programs stated
    no budget or capacity (a survey never asks: the gap the budget share rests on). Programs, no people. -#}

select
    pillar::text as pillar,
    programs::bigint as programs,
    evidence_based_programs::bigint as evidence_based_programs,
    evidence_based_share::numeric as evidence_based_share,
    annual_budget::numeric as annual_budget,
    evidence_based_budget_share::numeric as evidence_based_budget_share,
    prevention_activities::bigint as prevention_activities,
    evidence_based_activity_share::numeric as evidence_based_activity_share,
    programs_without_budget::bigint as programs_without_budget,
    programs_without_capacity::bigint as programs_without_capacity
from {{ ref('fct_evidence_based_practice') }}
