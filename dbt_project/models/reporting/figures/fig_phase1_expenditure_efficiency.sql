{#- Phase I: obligated and expended amounts by fiscal year and pillar over every funding source, beside the
    pillar's output count and cost per output (both hidden with the count, as in rpt_expenditure_efficiency). -#}
with by_pillar as (
    select
        fiscal_year,
        pillar,
        sum(obligated_amount) as obligated_amount,
        sum(expended_amount) as expended_amount,
        output_measure,
        pillar_output_people,
        pillar_output_people_suppressed,
        pillar_cost_per_output
    from {{ ref('rpt_expenditure_efficiency') }}
    group by
        fiscal_year, pillar, output_measure, pillar_output_people, pillar_output_people_suppressed,
        pillar_cost_per_output
)

{{ figure_rows('by_pillar', order_by="fiscal_year, pillar") }}
