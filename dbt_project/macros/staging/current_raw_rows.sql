{#- Rows of raw.<feed> that are current: their batch is `gated` in ops.batches -- loaded *and* passed the raw
    quality gate; a batch committed but not yet gated (`loaded`) is never read, so a crash between the load
    and its gate cannot let an unchecked batch through (a corrected re-delivery marks the earlier batch
    `replaced`; a batch can also be `rejected` by the gate), deduplicated on the
    contract's natural key within a partner so the latest delivery wins (by _logical_date, then _loaded_at,
    then line: of two files of one date sharing a key, the later-loaded wins, docs/contracts.md). The
    natural key is the contract's (raw_natural_key() is generated from the contracts), never restated here. A feed without a natural key keeps every current row: its re-delivery replaces the whole
    batch.

    Staging tables are incremental on the ledger, so a nightly run costs in proportion to the batches that
    changed, not the history. On an incremental run only the natural keys a changed batch touches are
    re-ranked -- over *all* their loaded rows, so the winner is the one a full refresh would pick:
      - keys in a loaded batch the table has no row of yet (new deliveries);
      - keys the table holds from a batch that is no longer loaded (replaced or rejected since).
    delete+insert on the key (staging_unique_key) swaps the re-ranked rows in; a key left with no loaded
    row at all is removed by the post-hook delete_unloaded_batch_rows(). A loaded batch none of whose rows
    wins is re-ranked again each night: the same rows, so the result stays that of a full refresh. -#}

{% macro current_raw_rows(feed) -%}
    {%- set natural_key = raw_natural_key(feed) -%}
    select ranked.*
    from (
        select
            raw_rows.*,
            {%- if natural_key | length > 0 %}
            row_number() over (
                partition by raw_rows._partner_id, raw_rows.{{ natural_key | join(', raw_rows.') }}
                order by raw_rows._logical_date desc, raw_rows._loaded_at desc, raw_rows._source_line desc
            ) as _delivery_rank
            {%- else %}
            1 as _delivery_rank
            {%- endif %}
        from {{ source('raw', feed) }} as raw_rows
        inner join {{ source('ops', 'batches') }} as batches
            on raw_rows._batch_id = batches.batch_id
        where
            batches.status = 'gated'
            {%- if is_incremental() %}
                {%- if natural_key | length > 0 %}
            and (raw_rows._partner_id, raw_rows.{{ natural_key | join(', raw_rows.') }}) in (
                select
                    delivered._partner_id,
                    delivered.{{ natural_key | join(', delivered.') }}
                from {{ source('raw', feed) }} as delivered
                where delivered._batch_id in ({{ new_loaded_batches(feed) }})
                union all
                select
                    held.partner_id,
                    held.{{ natural_key | join(', held.') }}
                from {{ this }} as held
                where held.batch_id in ({{ unloaded_batches(feed) }})
            )
                {%- else %}
            and raw_rows._batch_id in ({{ new_loaded_batches(feed) }})
                {%- endif %}
            {%- endif %}
    ) as ranked
    where ranked._delivery_rank = 1
{%- endmacro %}

{#- Loaded batches of the feed with rows the staging table holds none of: deliveries since the last run. -#}
{% macro new_loaded_batches(feed) -%}
    select ledger.batch_id
    from {{ source('ops', 'batches') }} as ledger
    where
        ledger.feed = '{{ feed }}'
        and ledger.status = 'gated'
        and ledger.rows_loaded > 0
        and not exists (select from {{ this }} as held where held.batch_id = ledger.batch_id)
{%- endmacro %}

{#- Batches of the feed that are no longer loaded (replaced by a corrected re-delivery, or rejected). -#}
{% macro unloaded_batches(feed) -%}
    select ledger.batch_id
    from {{ source('ops', 'batches') }} as ledger
    where ledger.feed = '{{ feed }}' and ledger.status <> 'gated'
{%- endmacro %}

{#- Post-hook of every staging table: rows still held from a batch that is no longer loaded belong to keys
    no loaded delivery carries any more (the re-ranking found no row to put in their place). -#}
{% macro delete_unloaded_batch_rows() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as held
        using {{ source('ops', 'batches') }} as ledger
        where held.batch_id = ledger.batch_id and ledger.status <> 'gated'
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The key a staging table is unique on: partner + the contract's natural key, or the delivered line for a
    feed without one (its re-delivery replaces the whole batch). -#}
{% macro staging_unique_key(feed) -%}
    {%- set natural_key = raw_natural_key(feed) -%}
    {{ return(['partner_id'] + natural_key if natural_key | length > 0 else ['batch_id', 'source_line']) }}
{%- endmacro %}
