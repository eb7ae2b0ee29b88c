{#- Post-hook of int_survivor_records: after the merge every re-derived record holds only loaded batches, so
    a record still naming a batch that is no longer loaded has no current staging row left. -#}
{% macro delete_survivor_records_of_unloaded_batches() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as held
        where held.record_key in (
            select stale.record_key
            from {{ this }} as stale
            cross join lateral unnest(stale.batch_ids) as stale_batch (batch_id)
            inner join {{ source('ops', 'batches') }} as ledger
                on stale_batch.batch_id = ledger.batch_id
            where ledger.status <> 'gated'
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Post-hook of int_survivors_unduplicated: records int_survivor_records no longer holds. -#}
{% macro delete_unlinked_survivor_records() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as held
        where not exists (
            select from {{ ref('int_survivor_records') }} as records
            where records.record_key = held.record_key
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
