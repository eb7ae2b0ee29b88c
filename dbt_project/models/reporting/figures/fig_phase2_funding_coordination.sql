{#- Phase II: funded programs per fiscal year, how many are funded by several sources, spend, and programs
    whose redundant peers (Phase I overlap pairs) are funded too or share a source. -#}
with by_year as (
    select
        fiscal_year,
        count(*) as programs,
        count(*) filter (where is_multi_source) as multi_source_programs,
        sum(expended_amount) as expended_amount,
        count(*) filter (where redundant_peers_funded > 0) as programs_with_redundant_peers_funded,
        count(*) filter (where redundant_peers_sharing_a_source > 0) as programs_sharing_a_source_with_a_peer
    from {{ ref('rpt_funding_coordination') }}
    group by fiscal_year
)

{{ figure_rows(
    'by_year',
    ['fiscal_year', 'programs', 'multi_source_programs', 'expended_amount', 'programs_with_redundant_peers_funded',
     'programs_sharing_a_source_with_a_peer'],
    order_by="fiscal_year"
) }}
