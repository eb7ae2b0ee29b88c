{#- The rows an incremental fact re-reads on a nightly run: deliveries from `lookback_days` before the
    newest logical date already in the table (late and corrected partner files land inside it). A full
    refresh reads everything, so a full build equals the sum of nightly runs. -#}
{% macro in_lookback_window(column='logical_date') -%}
    {{ column }} >= (
        select coalesce(max(logical_date), '1900-01-01'::date) - {{ var('lookback_days') }}
        from {{ this }}
    )
{%- endmacro %}

{#- Rows outside the window whose survivor changed since they were written (two survivors merged when a
    new record linked them): re-merged so survivor_key stays what a full refresh would give. -#}
{% macro survivor_changed(key_column, alias) -%}
    exists (
        select 1
        from {{ this }} as existing
        where existing.{{ key_column }} = {{ alias }}.{{ key_column }}
          and existing.survivor_key is distinct from {{ alias }}.survivor_key
    )
{%- endmacro %}
