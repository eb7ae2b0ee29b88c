{#- Partner: organisation pairs with a formal partnership, most partnerships first. -#}
{{ figure_rows(
    ref('rpt_partner_network_edges'),
    ['organisation_a', 'organisation_a_kind', 'organisation_b', 'organisation_b_kind', 'is_cross_sector', 'partnerships', 'active_partnerships', 'shares_data', 'has_referral_agreement', 'in_task_force_together', 'counties'],
    where="true",
    order_by="partnerships desc, organisation_a, organisation_b"
) }}
