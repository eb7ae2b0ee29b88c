{#- Phase II intelligence sharing: referrals between each pair of agencies per Texas fiscal quarter and
    the hours from receipt to action. Referrals that recovered a victim count people and are suppressed. -#}

select
    source_agency::text as source_agency,
    source_agency_kind::text as source_agency_kind,
    receiving_agency::text as receiving_agency,
    receiving_agency_kind::text as receiving_agency_kind,
    fiscal_year::integer as fiscal_year,
    fiscal_quarter::integer as fiscal_quarter,
    quarter_start::date as quarter_start,
    referrals::bigint as referrals,
    referrals_actioned::bigint as referrals_actioned,
    open_share::numeric as open_share,
    median_hours_to_action::numeric as median_hours_to_action,
    p90_hours_to_action::numeric as p90_hours_to_action,
    referrals_leading_to_action::bigint as referrals_leading_to_action,
    {{ suppress_count('referrals_recovering_victims', 'victims_recovered_referrals') }}
from {{ ref('fct_intelligence_sharing') }}
