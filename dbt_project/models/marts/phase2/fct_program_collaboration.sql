{#- Phase II "partnerships and program collaboration". Grain: an unordered pair of organisations
    (organisation_a < organisation_b by name) with every formal partnership between them: how many, of
    which types and levels, since when, and whether one is active on the as-of date (the latest night in
    the data, so a rebuild of the same data gives the same answer). -#}

with partnerships as (
    select
        least(organisation_a, organisation_b) as organisation_a,
        greatest(organisation_a, organisation_b) as organisation_b,
        case when organisation_a <= organisation_b then organisation_a_kind else organisation_b_kind end
            as organisation_a_kind,
        case when organisation_a <= organisation_b then organisation_b_kind else organisation_a_kind end
            as organisation_b_kind,
        partnership_type,
        level,
        county_fips,
        start_date,
        end_date
    from {{ ref('fct_partnerships') }}
),

dated as (
    -- the as-of date is the latest partnership start in the data, on every row
    select
        partnerships.*,
        max(partnerships.start_date) over () as as_of_date
    from partnerships
)

select
    {{ dbt.concat(["organisation_a", "'|'", "organisation_b"]) }} as organisation_pair_key,
    organisation_a,
    organisation_a_kind,
    organisation_b,
    organisation_b_kind,
    organisation_a_kind <> organisation_b_kind as is_cross_sector,
    count(*) as partnerships,
    count(*) filter (where end_date is null or end_date >= as_of_date) as active_partnerships,
    count(distinct partnership_type) as partnership_types,
    bool_or(partnership_type = 'data_sharing_agreement') as shares_data,
    bool_or(partnership_type = 'referral_agreement') as has_referral_agreement,
    bool_or(partnership_type = 'task_force_membership') as in_task_force_together,
    min(level) filter (where level = 'federal') is not null as has_federal_level,
    count(distinct county_fips) as counties,
    min(start_date) as first_start_date,
    max(as_of_date) as as_of_date
from dated
group by organisation_a, organisation_a_kind, organisation_b, organisation_b_kind
