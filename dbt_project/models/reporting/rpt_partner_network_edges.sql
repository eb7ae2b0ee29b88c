{#- Partner pillar: the collaboration network, one edge per pair of organisations with a formal
    partnership, for network diagrams. Organisation-level only, no people. -#}

select
    organisation_a::text as organisation_a,
    organisation_a_kind::text as organisation_a_kind,
    organisation_b::text as organisation_b,
    organisation_b_kind::text as organisation_b_kind,
    is_cross_sector::boolean as is_cross_sector,
    partnerships::bigint as partnerships,
    active_partnerships::bigint as active_partnerships,
    partnership_types::bigint as partnership_types,
    shares_data::boolean as shares_data,
    has_referral_agreement::boolean as has_referral_agreement,
    in_task_force_together::boolean as in_task_force_together,
    counties::bigint as counties,
    first_start_date::date as first_start_date,
    as_of_date::date as as_of_date
from {{ ref('fct_program_collaboration') }}
