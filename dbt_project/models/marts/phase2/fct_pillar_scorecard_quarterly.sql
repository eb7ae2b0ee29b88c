{#- Phase II headline figures. Grain: pillar × measure × Texas fiscal quarter (long form, so a new
    measure is a new row, not a new column). is_count_of_people marks the measures the reporting layer
    must suppress. Quarter-on-quarter change is left to reporting, which computes it from published
    (suppressed) values so a change can never reveal a hidden count. -#}

{#- The measures, one entry each: which pillar (none = the fact's own pillar column), measure and unit;
    whether it counts people (then reporting suppresses it); the fact model and the date that places a
    row in a fiscal quarter (or `quarter`, an expression of the quarter's first day); the value as an
    aggregate over the quarter's rows, and an optional row filter. -#}
{%- set measures = [
    {'pillar': 'protect', 'measure': 'victims_identified', 'unit': 'people', 'people': true,
     'model': 'fct_victim_identifications', 'date': 'identification_date',
     'value': 'count(distinct survivor_key)'},
    {'pillar': 'protect', 'measure': 'minors_identified', 'unit': 'people', 'people': true,
     'model': 'fct_victim_identifications', 'date': 'identification_date',
     'value': "count(distinct survivor_key) filter (where age_group = 'minor')"},
    {'pillar': 'support', 'measure': 'survivors_served', 'unit': 'people', 'people': true,
     'model': 'fct_victim_services', 'date': 'service_date', 'value': 'count(distinct survivor_key)'},
    {'pillar': 'support', 'measure': 'services_delivered', 'unit': 'services', 'people': true,
     'model': 'fct_victim_services', 'date': 'service_date', 'value': 'count(*)'},
    {'pillar': 'prevent', 'measure': 'activities', 'unit': 'activities', 'people': false,
     'model': 'fct_prevention_activities', 'date': 'activity_date', 'value': 'count(*)'},
    {'pillar': 'prevent', 'measure': 'people_reached', 'unit': 'people', 'people': true,
     'model': 'fct_prevention_activities', 'date': 'activity_date', 'value': 'sum(people_reached)'},
    {'pillar': 'prosecute', 'measure': 'cases_filed', 'unit': 'cases', 'people': false,
     'model': 'fct_prosecution_cases', 'date': 'filing_date', 'value': 'count(*)'},
    {'pillar': 'prosecute', 'measure': 'defendants_charged', 'unit': 'people', 'people': true,
     'model': 'fct_prosecution_cases', 'date': 'filing_date', 'value': 'sum(defendant_count)'},
    {'pillar': 'prosecute', 'measure': 'defendants_convicted', 'unit': 'people', 'people': true,
     'model': 'fct_prosecution_cases', 'date': 'disposition_date', 'value': 'sum(defendant_count)',
     'where': 'is_convicted'},
    {'pillar': 'partner', 'measure': 'partnerships_started', 'unit': 'partnerships', 'people': false,
     'model': 'fct_partnerships', 'date': 'start_date', 'value': 'count(*)'},
    {'pillar': 'partner', 'measure': 'referrals_shared', 'unit': 'referrals', 'people': false,
     'model': 'fct_intelligence_sharing', 'quarter': 'quarter_start', 'value': 'sum(referrals)'},
    {'pillar': 'partner', 'measure': 'referrals_actioned', 'unit': 'referrals', 'people': false,
     'model': 'fct_intelligence_sharing', 'quarter': 'quarter_start', 'value': 'sum(referrals_actioned)'},
    {'pillar': none, 'measure': 'expended_amount', 'unit': 'usd', 'people': false,
     'model': 'fct_funding_expenditures', 'quarter': texas_fiscal_quarter_first_day('fiscal_year', 'fiscal_quarter'),
     'value': 'sum(expended_amount)'},
] -%}

with measures (pillar, measure, unit, is_count_of_people, quarter_start, value) as (
    {%- for m in measures %}
        {%- set quarter = m.quarter or texas_fiscal_quarter_start(m.date) %}
        select
            {{ "'" ~ m.pillar ~ "'" if m.pillar else 'pillar' }},
            '{{ m.measure }}',
            '{{ m.unit }}',
            {{ 'true' if m.people else 'false' }},
            {{ quarter }},
            ({{ m.value }})::numeric
        from {{ ref(m.model) }}
        {%- if m.where %}
            where {{ m.where }}
        {%- endif %}
        group by {{ 'pillar, ' if not m.pillar }}{{ quarter }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    {{ dbt.concat(["pillar", "'|'", "measure", "'|'", "quarter_start::text"]) }} as scorecard_key,
    pillar,
    measure,
    unit,
    is_count_of_people,
    {{ texas_fiscal_year('quarter_start') }} as fiscal_year,
    {{ texas_fiscal_quarter('quarter_start') }} as fiscal_quarter,
    quarter_start,
    value
from measures
where quarter_start is not null
