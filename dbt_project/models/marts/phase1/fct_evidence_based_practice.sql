{#- Phase I "evidence-based practices". Grain: pillar. Share of inventoried programs (and of their
    budget) that name an evidence-based model, and share of prevention activities that are
    evidence-based, so the council can see where best practice is thin. A survey asks no budget or
    capacity: programs_without_budget / _capacity say how much of the budget share rests on nothing. -#}

with programs as (
    select
        program_key,
        pillar,
        is_evidence_based,
        capacity,
        annual_budget
    from {{ ref('dim_program') }}
    cross join lateral unnest(pillars_served) as served (pillar)
),

by_pillar as (
    select
        pillar,
        count(*) as programs,
        count(*) filter (where is_evidence_based) as evidence_based_programs,
        sum(annual_budget) as annual_budget,
        sum(annual_budget) filter (where is_evidence_based) as evidence_based_budget,
        count(*) filter (where annual_budget is null) as programs_without_budget,
        count(*) filter (where capacity is null) as programs_without_capacity
    from programs
    group by pillar
),

prevention as (
    select
        'prevent'::text as pillar,
        count(*) as activities,
        count(*) filter (where evidence_based) as evidence_based_activities
    from {{ ref('fct_prevention_activities') }}
)

select
    pillars.pillar,
    coalesce(by_pillar.programs, 0) as programs,
    coalesce(by_pillar.evidence_based_programs, 0) as evidence_based_programs,
    round(by_pillar.evidence_based_programs::numeric / nullif(by_pillar.programs, 0), 4) as evidence_based_share,
    by_pillar.annual_budget,
    round(by_pillar.evidence_based_budget / nullif(by_pillar.annual_budget, 0), 4) as evidence_based_budget_share,
    coalesce(by_pillar.programs_without_budget, 0) as programs_without_budget,
    coalesce(by_pillar.programs_without_capacity, 0) as programs_without_capacity,
    prevention.activities as prevention_activities,
    round(prevention.evidence_based_activities::numeric / nullif(prevention.activities, 0), 4)
        as evidence_based_activity_share
from {{ ref('dim_pillar') }} as pillars
left join by_pillar on pillars.pillar = by_pillar.pillar
left join prevention on pillars.pillar = prevention.pillar
