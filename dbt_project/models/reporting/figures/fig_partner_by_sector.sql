{#- Partner: organisation pairs and their partnerships by the (unordered) kinds of organisation they join. -#}
with by_sector as (
    select
        least(organisation_a_kind, organisation_b_kind) as kind_a,
        greatest(organisation_a_kind, organisation_b_kind) as kind_b,
        count(*) as organisation_pairs,
        sum(partnerships) as partnerships,
        sum(active_partnerships) as active_partnerships,
        count(*) filter (where shares_data) as pairs_sharing_data,
        count(*) filter (where has_referral_agreement) as pairs_with_referral_agreement
    from {{ ref('rpt_partner_network_edges') }}
    group by 1, 2
)

{{ figure_rows('by_sector', order_by="partnerships desc, kind_a, kind_b") }}
