{#- Rows of raw.<feed> that are current: their batch is `loaded` in ops.batches (a corrected re-delivery
    marks the earlier batch `replaced`), deduplicated on the contract's natural key within a partner so the
    latest delivery wins (by _logical_date, then _loaded_at, then line). The natural key is read from the
    generated source's meta (rendered from the feed contract), never restated here. A feed without a
    natural key keeps every current row: its re-delivery replaces the whole batch. -#}

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

{#- The contract natural key of a raw feed, from the generated source definition's meta. -#}
{% macro raw_natural_key(feed) -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() if node.source_name == 'raw' and node.name == feed -%}
            {%- set meta = node.config.get('meta') or node.meta or {} -%}
            {%- do found.append(meta.get('natural_key', [])) -%}
        {%- endfor -%}
        {%- if found | length == 0 -%}
            {{ exceptions.raise_compiler_error("raw source '" ~ feed ~ "' is not defined: run python -m pillars.feeds.dbt_sources") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(found[0] if found else []) }}
{%- endmacro %}
