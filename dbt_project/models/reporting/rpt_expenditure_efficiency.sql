{#- Phase I expenditures: obligated and expended amounts per Texas fiscal year, pillar and funding
    source, with the pillar's output (survivors served, people reached, victims identified, cases filed)
    and cost per output. The output is a count of people, suppressed, and the cost per output is hidden
    with it. -#}

select
    fiscal_year::integer as fiscal_year,
    pillar::text as pillar,
    funding_source::text as funding_source,
    obligated_amount::numeric as obligated_amount,
    expended_amount::numeric as expended_amount,
    expended_share_of_obligated::numeric as expended_share_of_obligated,
    pillar_expended_amount::numeric as pillar_expended_amount,
    output_measure::text as output_measure,
    {{ suppress_count('pillar_output_count', 'pillar_output_people') }},
    {{ unless_suppressed('pillar_cost_per_output', 'pillar_output_count') }}::numeric as pillar_cost_per_output
from {{ ref('fct_expenditure_efficiency') }}
