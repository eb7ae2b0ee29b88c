{#- Phase I: evidence-based share of programs, budget and prevention activities per pillar. -#}
{{ figure_rows(
    ref('rpt_evidence_based_practice'),
    ['pillar', 'programs', 'evidence_based_programs', 'evidence_based_share', 'annual_budget', 'evidence_based_budget_share', 'prevention_activities', 'evidence_based_activity_share'],
    where="true",
    order_by="pillar"
) }}
