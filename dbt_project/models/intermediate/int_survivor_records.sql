{#- One row per person record a partner keeps: a service provider's client record or an identification.
    match_tokens holds every privacy token seen on the record (a client's rows may carry several),
    batch_ids the batches its staging rows came from.

    Incremental on the ledger, never the clock: a nightly run re-derives only the records with a staging row
    from a batch no record holds yet (a staging row only changes when a new batch wins its key or the batch
    of the row it held is unloaded), and the records holding a batch that is no longer loaded (a corrected
    re-delivery or a rejection may have removed one of their rows), from all their current staging rows; a
    record left with no staging row is deleted by the post-hook. A full refresh gives the same table. -#}
{{ config(materialized='incremental', unique_key='record_key', incremental_strategy='delete+insert',
    on_schema_change='append_new_columns', indexes=[{'columns': ['record_key'], 'unique': True}],
    post_hook=["{{ delete_survivor_records_of_unloaded_batches() }}"]) }}
-- depends_on: {{ source('ops', 'batches') }}

{#- The feeds that hold person records: each feed's staging model and the column naming its record. -#}
{%- set record_ids = {'victim_services': 'client_record_id', 'victim_identifications': 'identification_id'} %}

with

{% if is_incremental() %}
    held_batches as (

        select distinct held_batch.batch_id
        from {{ this }} as held
        cross join lateral unnest(held.batch_ids) as held_batch (batch_id)

    ),

    touched as (
        {% for feed, record_id in record_ids.items() %}
            select
                '{{ feed }}' as feed,
                feed_rows.partner_id,
                feed_rows.{{ record_id }} as record_id
            from {{ ref('stg_raw__' ~ feed) }} as feed_rows
            where
                not exists (
                    select from held_batches
                    where held_batches.batch_id = feed_rows.batch_id
                )
            union
        {% endfor %}
        select
            held.feed,
            held.partner_id,
            held.record_id
        from {{ this }} as held
        cross join lateral unnest(held.batch_ids) as held_batch (batch_id)
        inner join {{ source('ops', 'batches') }} as ledger
            on held_batch.batch_id = ledger.batch_id
        where ledger.status <> 'gated'

    ),
{% endif %}

unioned as (
    {% for feed, record_id in record_ids.items() %}
        select
            '{{ feed }}' as feed,
            feed_rows.partner_id,
            feed_rows.{{ record_id }} as record_id,
            feed_rows.batch_id,
            tokens.token

        from {{ ref('stg_raw__' ~ feed) }} as feed_rows
        cross join
            lateral (
                values (feed_rows.match_key_name_dob), (feed_rows.match_key_initials_dob_sex)
            ) as tokens (token)
        {% if is_incremental() %}
            where (feed_rows.partner_id, feed_rows.{{ record_id }}) in (
                select
                    touched.partner_id,
                    touched.record_id
                from touched
                where touched.feed = '{{ feed }}'
            )
        {% endif %}
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}
),

final as (

    select
        {{ surrogate_key(['feed', 'partner_id', 'record_id']) }} as record_key,
        feed,
        partner_id,
        record_id,
        coalesce(
            array_agg(distinct token order by token) filter (where token is not null), '{}'::text[]
        ) as match_tokens,
        array_agg(distinct batch_id order by batch_id) as batch_ids

    from unioned
    group by feed, partner_id, record_id

)

select * from final
