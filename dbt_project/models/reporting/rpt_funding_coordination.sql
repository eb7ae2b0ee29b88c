{#- Phase II coordination of funding: per Texas fiscal year and funded program, how many sources pay for
    it, the largest source's share, and how many of its redundant peers the same sources also fund. -#}

select
    fiscal_year::integer as fiscal_year,
    agency::text as agency,
    program_name::text as program_name,
    funding_sources::bigint as funding_sources,
    is_multi_source::boolean as is_multi_source,
    pillars_funded::bigint as pillars_funded,
    expended_amount::numeric as expended_amount,
    largest_source_share::numeric as largest_source_share,
    redundant_peers_funded::bigint as redundant_peers_funded,
    redundant_peers_sharing_a_source::bigint as redundant_peers_sharing_a_source
from {{ ref('fct_funding_coordination') }}
