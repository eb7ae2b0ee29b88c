{#- Unduplicated survivors: two person records sharing any privacy token are the same survivor, and so
    is everyone linked through a chain of shared tokens (connected components). Each record collects the
    keys of every record it can reach; the recursion adds (record, linked_key) pairs with UNION, so it stops
    once no new pair appears -- at most (records in a component)^2 pairs. survivor_key is the smallest
    record_key in the component: stable as long as that record exists. Names never take part. -#}
with recursive

records as (

    select * from {{ ref('int_survivor_records') }}

),

record_tokens as (

    select
        records.record_key,
        token
    from records
    cross join lateral unnest(records.match_tokens) as token

),

links as (

    select distinct
        from_record.record_key as from_key,
        to_record.record_key as to_key

    from record_tokens as from_record
    inner join record_tokens as to_record
        on
            from_record.token = to_record.token
            and from_record.record_key <> to_record.record_key

),

reachable (record_key, linked_key) as (

    select
        record_key,
        record_key as linked_key
    from records

    union

    select
        links.to_key,
        reachable.linked_key
    from reachable
    inner join links
        on reachable.record_key = links.from_key

),

components as (

    select
        record_key,
        min(linked_key) as survivor_key

    from reachable
    group by record_key

),

final as (

    select
        records.record_key,
        records.feed,
        records.partner_id,
        records.record_id,
        components.survivor_key

    from records
    inner join components
        on records.record_key = components.record_key

)

select * from final
