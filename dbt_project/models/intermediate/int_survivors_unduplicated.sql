{#- Unduplicated survivors: two person records sharing any privacy token are the same survivor, and so
    is everyone linked through a chain of shared tokens (connected components). Names never take part.

    Bounded iterative label propagation over the record-token graph (records and tokens as nodes, so a
    token shared by many records costs one row per record, never a pair per two records). Every record
    starts labelled with its own record_key; each round
      1. gives every token the smallest label among its records,
      2. gives every record the smallest label among its own and its tokens' labels,
      3. jumps pointers: a record takes the label of the record its label names, if smaller,
    so labels only fall, always name a record of the same component, and the smallest record_key of a
    component spreads along chains in logarithmically many rounds. After `survivor_link_rounds` rounds
    survivor_key is the smallest record_key of the component -- stable as long as that record exists.
    tests/intermediate/assert_survivor_links_converged.sql fails if a token still joins two labels (raise
    the var then); one round over the record-token rows each, so the cost grows linearly with records.

    Incremental: components are closed under shared tokens, so a nightly run re-links only the records of
    the components the night touches -- records that are new or whose tokens differ from the ones they were
    linked with (match_tokens is kept for that), every record sharing one of their tokens, records
    int_survivor_records no longer holds, and every record of those records' previous components (a
    removed record may split one) -- and merges them on record_key.
    Each component is re-linked whole, so its survivor_key is the one a full refresh gives. -#}
{{ config(materialized='incremental', unique_key='record_key', incremental_strategy='delete+insert',
    on_schema_change='append_new_columns', indexes=[{'columns': ['record_key'], 'unique': True}],
    post_hook=["{{ delete_unlinked_survivor_records() }}"]) }}
{%- set rounds = var('survivor_link_rounds', 12) | int %}

with

{% if is_incremental() %}
    changed as (

        -- new records and records whose tokens changed since they were linked
        select
            all_records.record_key,
            all_records.match_tokens
        from {{ ref('int_survivor_records') }} as all_records
        left join {{ this }} as held
            on all_records.record_key = held.record_key
        where held.match_tokens is distinct from all_records.match_tokens

    ),

    seeds as (

        select changed.record_key from changed
        union
        select all_records.record_key
        from {{ ref('int_survivor_records') }} as all_records
        cross join lateral unnest(all_records.match_tokens) as shared (token)
        where
            shared.token in (
                select changed_token.token
                from changed
                cross join lateral unnest(changed.match_tokens) as changed_token (token)
            )
        union
        select held.record_key
        from {{ this }} as held
        where not exists (
            select from {{ ref('int_survivor_records') }} as all_records
            where all_records.record_key = held.record_key
        )

    ),

    touched_survivors as (

        select distinct held.survivor_key
        from {{ this }} as held
        inner join seeds
            on held.record_key = seeds.record_key

    ),

    affected as (

        select seeds.record_key from seeds
        union
        select held.record_key
        from {{ this }} as held
        inner join touched_survivors
            on held.survivor_key = touched_survivors.survivor_key

    ),

    records as (

        -- = any(array(...)): the affected keys are collected first and fetched by the record_key index
        select all_records.*
        from {{ ref('int_survivor_records') }} as all_records
        where all_records.record_key = any(array(select affected.record_key from affected))

    ),
{% else %}
    records as (

        select * from {{ ref('int_survivor_records') }}

    ),
{% endif %}

record_tokens as (

    select
        records.record_key,
        token
    from records
    cross join lateral unnest(records.match_tokens) as token

),

labels_0 as (

    select
        record_key,
        record_key as survivor_label
    from records

),
{%- for i in range(1, rounds + 1) %}

    token_labels_{{ i }} as (

        select
            record_tokens.token,
            min(labels_{{ i - 1 }}.survivor_label) as survivor_label
        from record_tokens
        inner join labels_{{ i - 1 }}
            on record_tokens.record_key = labels_{{ i - 1 }}.record_key
        group by record_tokens.token

    ),

    hooked_{{ i }} as (

        select
            labels_{{ i - 1 }}.record_key,
            least(labels_{{ i - 1 }}.survivor_label, min(token_labels_{{ i }}.survivor_label)) as survivor_label
        from labels_{{ i - 1 }}
        left join record_tokens
            on labels_{{ i - 1 }}.record_key = record_tokens.record_key
        left join token_labels_{{ i }}
            on record_tokens.token = token_labels_{{ i }}.token
        group by labels_{{ i - 1 }}.record_key, labels_{{ i - 1 }}.survivor_label

    ),

    labels_{{ i }} as (

        select
            hooked_{{ i }}.record_key,
            least(hooked_{{ i }}.survivor_label, pointed.survivor_label) as survivor_label
        from hooked_{{ i }}
        inner join hooked_{{ i }} as pointed
            on hooked_{{ i }}.survivor_label = pointed.record_key

    ),
{%- endfor %}

final as (

    select
        records.record_key,
        records.feed,
        records.partner_id,
        records.record_id,
        labels_{{ rounds }}.survivor_label as survivor_key,
        records.match_tokens

    from records
    inner join labels_{{ rounds }}
        on records.record_key = labels_{{ rounds }}.record_key

)

select * from final
