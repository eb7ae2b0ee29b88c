{#- Phase I "state expenditures" and the goal "collect data on program efficiency". Grain: Texas fiscal
    year (1 Sep - 31 Aug, named for the year it ends) × pillar × funding source. Outputs are joined at
    pillar level (survivors served for support, people reached for prevent, victims identified for
    protect, cases filed for prosecute), so cost per output is spend of the pillar over its output. -#}

with spend as (
    select
        fiscal_year,
        pillar,
        funding_source,
        sum(obligated_amount) as obligated_amount,
        sum(expended_amount) as expended_amount
    from {{ ref('fct_funding_expenditures') }}
    group by fiscal_year, pillar, funding_source
),

outputs as (
    {%- for pillar, model, date_column, output in [
        ('support', 'fct_victim_services', 'service_date', 'count(distinct survivor_key)'),
        ('prevent', 'fct_prevention_activities', 'activity_date', 'sum(people_reached)'),
        ('protect', 'fct_victim_identifications', 'identification_date', 'count(distinct survivor_key)'),
        ('prosecute', 'fct_prosecution_cases', 'filing_date', 'count(*)'),
    ] %}
        select
            {{ texas_fiscal_year(date_column) }} as fiscal_year,
            '{{ pillar }}'::text as pillar,
            {{ output }} as output_count
        from {{ ref(model) }}
        group by fiscal_year
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

pillar_spend as (
    select
        fiscal_year,
        pillar,
        sum(expended_amount) as pillar_expended_amount
    from spend
    group by fiscal_year, pillar
)

select
    {{ dbt.concat(["spend.fiscal_year::text", "'|'", "spend.pillar", "'|'", "spend.funding_source"]) }}
        as expenditure_key,
    spend.fiscal_year,
    spend.pillar,
    spend.funding_source,
    spend.obligated_amount,
    spend.expended_amount,
    round(spend.expended_amount / nullif(spend.obligated_amount, 0), 4) as expended_share_of_obligated,
    pillar_spend.pillar_expended_amount,
    case spend.pillar
        when 'support' then 'survivors_served'
        when 'prevent' then 'people_reached'
        when 'protect' then 'victims_identified'
        when 'prosecute' then 'cases_filed'
    end as output_measure,
    outputs.output_count as pillar_output_count,
    round(pillar_spend.pillar_expended_amount / nullif(outputs.output_count, 0), 2) as pillar_cost_per_output
from spend
inner join pillar_spend on spend.fiscal_year = pillar_spend.fiscal_year and spend.pillar = pillar_spend.pillar
left join outputs on spend.fiscal_year = outputs.fiscal_year and spend.pillar = outputs.pillar
