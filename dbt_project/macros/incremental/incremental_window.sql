{#- The rows an incremental fact re-reads on a nightly run: deliveries from `lookback_days` before the
    newest logical date already in the table (late and corrected partner files land inside it). A full
    refresh reads everything, so a full build equals the sum of nightly runs. -#}
{% macro in_lookback_window(column='logical_date') -%}
    {{ column }} >= (
        select coalesce(max(logical_date), '1900-01-01'::date) - {{ policy_var('lookback_days') }}
        from {{ this }}
    )
{%- endmacro %}

{#- Rows outside the window whose survivor changed since they were written (two survivors merged when a
    new record linked them): re-merged so survivor_key stays what a full refresh would give. One hash
    join of the table with the survivor links, never a lookup per row (a correlated `exists` over the
    unindexed table made the nightly run quadratic in the history). `record_id` names the fact's column
    that int_survivor_records keys the person record by, with `feed`. -#}
{% macro survivor_changed(key_column, alias, feed, record_id) -%}
    {{ alias }}.{{ key_column }} in (
        select existing.{{ key_column }}
        from {{ this }} as existing
        left join {{ ref('int_survivors_unduplicated') }} as linked
            on linked.record_key = {{ person_record_key(feed, 'existing.partner_id', 'existing.' ~ record_id) }}
        where existing.survivor_key is distinct from linked.survivor_key
    )
{%- endmacro %}

{#- The config every nightly fact shares: incremental, delete+insert on its key over the rows
    in_lookback_window re-reads, new contract columns appended, indexed on its key and on logical_date
    (which the lookback window filters on). -#}
{% macro nightly_fact_config(unique_key) -%}
    {{ config(materialized='incremental', unique_key=unique_key, incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        indexes=[{'columns': [unique_key]}, {'columns': ['logical_date']}]) }}
{%- endmacro %}

{#- The rows a nightly run of a fact that carries survivor_key rewrites: those in the lookback window, and
    older ones whose survivor changed (survivor_changed). `alias` is the relation holding the fact's rows. -#}
{% macro in_survivor_fact_window(key_column, alias, feed, record_id) -%}
    {{ in_lookback_window(alias ~ '.logical_date') }}
    or {{ survivor_changed(key_column, alias, feed, record_id) }}
{%- endmacro %}

{#- The survivor of every record of one person-record feed (int_survivors_unduplicated), for a fact to
    join on person_record_key. -#}
{% macro feed_survivors(feed) -%}
    select
        record_key,
        survivor_key
    from {{ ref('int_survivors_unduplicated') }}
    where feed = '{{ feed }}'
{%- endmacro %}

{#- The key int_survivor_records gives a record of `feed` (a feed name), from a fact's partner_id and the
    column naming the partner's record. -#}
{% macro person_record_key(feed, partner_id, record_id) -%}
    {{ surrogate_key(["'" ~ feed ~ "'", partner_id, record_id]) }}
{%- endmacro %}
