{#- Rows of raw.<feed> that are current: their batch is `loaded` in ops.batches (a corrected re-delivery
    marks the earlier batch `replaced`), deduplicated on the contract's natural key within a partner so the
    latest delivery wins (by _logical_date, then _loaded_at, then line). The natural key is the contract's
    (raw_natural_key() is generated from the contracts), never restated here. A feed without a natural key
    keeps every current row: its re-delivery replaces the whole batch. -#}

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
        where batches.status = 'loaded'
    ) as ranked
    where ranked._delivery_rank = 1
{%- endmacro %}
