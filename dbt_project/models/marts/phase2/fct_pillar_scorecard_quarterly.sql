{#- Phase II headline figures. Grain: pillar × measure × Texas fiscal quarter (long form, so a new
    measure is a new row, not a new column). is_count_of_people marks the measures the reporting layer
    must suppress. Quarter-on-quarter change is left to reporting, which computes it from published
    (suppressed) values so a change can never reveal a hidden count. -#}

with identifications as (
    select
        {{ texas_fiscal_quarter_start('identification_date') }} as quarter_start,
        count(distinct survivor_key) as victims_identified,
        count(distinct survivor_key) filter (where age_group = 'minor') as minors_identified
    from {{ ref('fct_victim_identifications') }}
    group by 1
),

services as (
    select
        {{ texas_fiscal_quarter_start('service_date') }} as quarter_start,
        count(distinct survivor_key) as survivors_served,
        count(*) as services_delivered
    from {{ ref('fct_victim_services') }}
    group by 1
),

prevention as (
    select
        {{ texas_fiscal_quarter_start('activity_date') }} as quarter_start,
        count(*) as activities,
        sum(people_reached) as people_reached
    from {{ ref('fct_prevention_activities') }}
    group by 1
),

prosecution as (
    select
        {{ texas_fiscal_quarter_start('filing_date') }} as quarter_start,
        count(*) as cases_filed,
        sum(defendant_count) as defendants_charged
    from {{ ref('fct_prosecution_cases') }}
    group by 1
),

convictions as (
    select
        {{ texas_fiscal_quarter_start('disposition_date') }} as quarter_start,
        sum(defendant_count) as defendants_convicted
    from {{ ref('fct_prosecution_cases') }}
    where disposition in ('convicted_plea', 'convicted_trial')
    group by 1
),

partnerships as (
    select
        {{ texas_fiscal_quarter_start('start_date') }} as quarter_start,
        count(*) as partnerships_started
    from {{ ref('fct_partnerships') }}
    group by 1
),

referrals as (
    select
        quarter_start,
        sum(referrals) as referrals_shared,
        sum(referrals_actioned) as referrals_actioned
    from {{ ref('fct_intelligence_sharing') }}
    group by 1
),

spend as (
    select
        pillar,
        ({{ fiscal_year_start_date('fiscal_year') }} + (fiscal_quarter - 1) * interval '3 months')::date
            as quarter_start,
        sum(expended_amount) as expended_amount
    from {{ ref('fct_funding_expenditures') }}
    group by 1, 2
),

measures (pillar, measure, unit, is_count_of_people, quarter_start, value) as (
    select
        'protect',
        'victims_identified',
        'people',
        true,
        quarter_start,
        victims_identified::numeric
    from identifications
    union all
    select
        'protect',
        'minors_identified',
        'people',
        true,
        quarter_start,
        minors_identified
    from identifications
    union all
    select
        'support',
        'survivors_served',
        'people',
        true,
        quarter_start,
        survivors_served
    from services
    union all
    select
        'support',
        'services_delivered',
        'services',
        true,
        quarter_start,
        services_delivered
    from services
    union all
    select
        'prevent',
        'activities',
        'activities',
        false,
        quarter_start,
        activities
    from prevention
    union all
    select
        'prevent',
        'people_reached',
        'people',
        true,
        quarter_start,
        people_reached
    from prevention
    union all
    select
        'prosecute',
        'cases_filed',
        'cases',
        false,
        quarter_start,
        cases_filed
    from prosecution
    union all
    select
        'prosecute',
        'defendants_charged',
        'people',
        true,
        quarter_start,
        defendants_charged
    from prosecution
    union all
    select
        'prosecute',
        'defendants_convicted',
        'people',
        true,
        quarter_start,
        defendants_convicted
    from convictions
    union all
    select
        'partner',
        'partnerships_started',
        'partnerships',
        false,
        quarter_start,
        partnerships_started
    from partnerships
    union all
    select
        'partner',
        'referrals_shared',
        'referrals',
        false,
        quarter_start,
        referrals_shared
    from referrals
    union all
    select
        'partner',
        'referrals_actioned',
        'referrals',
        false,
        quarter_start,
        referrals_actioned
    from referrals
    union all
    select
        pillar,
        'expended_amount',
        'usd',
        false,
        quarter_start,
        expended_amount
    from spend
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
