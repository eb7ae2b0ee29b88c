{#- One row per organisation named anywhere in the feeds. Its kind is the one feeds give it most often
    (ties: alphabetical), its display name the most frequent spelling. -#}
with

mentions as (

    select * from {{ ref('int_organisation_mentions') }}

),

kinds as (

    select
        organisation_key,
        organisation_kind,
        row_number() over (
            partition by organisation_key order by sum(mentions) desc, organisation_kind
        ) as kind_rank

    from mentions
    where organisation_kind is not null
    group by organisation_key, organisation_kind

),

names as (

    select
        organisation_key,
        organisation_name,
        row_number() over (
            partition by organisation_key order by sum(mentions) desc, organisation_name
        ) as name_rank

    from mentions
    group by organisation_key, organisation_name

),

feeds as (

    select
        organisation_key,
        array_agg(distinct source_feed order by source_feed) as source_feeds

    from mentions
    group by organisation_key

),

final as (

    select
        feeds.organisation_key,
        names.organisation_name,
        kinds.organisation_kind,
        feeds.source_feeds

    from feeds
    inner join names
        on feeds.organisation_key = names.organisation_key and names.name_rank = 1
    left join kinds
        on feeds.organisation_key = kinds.organisation_key and kinds.kind_rank = 1

)

select * from final
