{#- Phase II "coordination of support and funding". Grain: Texas fiscal year × program (as named in the
    funding feed): how many sources fund it, the largest source's share, and how many of the program's
    redundant peers (Phase I overlap pairs) the same sources also fund -- money paying twice for the same
    ground. -#}

with spend as (
    select
        fiscal_year,
        program_key,
        agency,
        program_name,
        pillar,
        funding_source,
        expended_amount
    from {{ ref('fct_funding_expenditures') }}
),

per_program as (
    select
        fiscal_year,
        agency,
        program_name,
        max(program_key) as program_key,
        count(distinct funding_source) as funding_sources,
        count(distinct pillar) as pillars_funded,
        sum(expended_amount) as expended_amount,
        array_agg(distinct funding_source order by funding_source) as funding_source_list
    from spend
    group by fiscal_year, agency, program_name
),

largest as (
    select
        fiscal_year,
        agency,
        program_name,
        max(source_amount) as largest_source_amount
    from (
        select
            fiscal_year,
            agency,
            program_name,
            funding_source,
            sum(expended_amount) as source_amount
        from spend
        group by fiscal_year, agency, program_name, funding_source
    ) as by_source
    group by fiscal_year, agency, program_name
),

pairs as (
    select
        program_key_a as program_key,
        program_key_b as peer_key
    from {{ ref('fct_program_redundancy') }}
    union all
    select
        program_key_b,
        program_key_a
    from {{ ref('fct_program_redundancy') }}
),

co_funded as (
    select
        mine.fiscal_year,
        mine.agency,
        mine.program_name,
        count(distinct peer.program_key) as redundant_peers_funded,
        count(distinct peer.program_key) filter (where mine.funding_source_list && peer.funding_source_list)
            as redundant_peers_sharing_a_source
    from per_program as mine
    inner join pairs on mine.program_key = pairs.program_key
    inner join per_program as peer on pairs.peer_key = peer.program_key and mine.fiscal_year = peer.fiscal_year
    group by mine.fiscal_year, mine.agency, mine.program_name
)

select
    {{ dbt.concat(["per_program.fiscal_year::text", "'|'", "per_program.agency", "'|'", "per_program.program_name"]) }}
        as funded_program_key,
    per_program.fiscal_year,
    per_program.agency,
    per_program.program_name,
    per_program.program_key,
    per_program.funding_sources,
    per_program.funding_sources > 1 as is_multi_source,
    per_program.pillars_funded,
    per_program.expended_amount,
    round(largest.largest_source_amount / nullif(per_program.expended_amount, 0), 4) as largest_source_share,
    coalesce(co_funded.redundant_peers_funded, 0) as redundant_peers_funded,
    coalesce(co_funded.redundant_peers_sharing_a_source, 0) as redundant_peers_sharing_a_source
from per_program
inner join largest
    on
        per_program.fiscal_year = largest.fiscal_year
        and per_program.agency = largest.agency
        and per_program.program_name = largest.program_name
left join co_funded
    on
        per_program.fiscal_year = co_funded.fiscal_year
        and per_program.agency = co_funded.agency
        and per_program.program_name = co_funded.program_name
