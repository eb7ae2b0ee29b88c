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
    the var then); one round over the record-token rows each, so the cost grows linearly with records. -#}
{%- set rounds = var('survivor_link_rounds', 12) | int %}

with

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
        labels_{{ rounds }}.survivor_label as survivor_key

    from records
    inner join labels_{{ rounds }}
        on records.record_key = labels_{{ rounds }}.record_key

)

select * from final
