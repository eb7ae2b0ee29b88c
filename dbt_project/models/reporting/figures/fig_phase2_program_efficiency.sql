{#- Phase II: the 15 programs with most spend in the latest fiscal year, against budget and capacity. -#}
{{ figure_rows(
    ref('rpt_program_efficiency'),
    ['fiscal_year', 'program_name', 'organisation_name', 'primary_pillar', 'is_evidence_based', 'capacity', 'annual_budget', 'expended_amount', 'expended_share_of_budget', 'expended_per_capacity_unit'],
    where="fiscal_year = (select max(fiscal_year) from " ~ ref('rpt_program_efficiency') ~ ")",
    order_by="expended_amount desc nulls last, program_key",
    limit=15
) }}
