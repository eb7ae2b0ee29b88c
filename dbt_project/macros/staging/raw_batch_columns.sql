{#- The batch metadata every raw table carries (see the contracts' generated DDL), renamed without the
    leading underscore for staging: the same six columns in every staging model. -#}
{% macro raw_batch_columns() -%}
    _partner_id as partner_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line,
        _logical_date as logical_date,
        _loaded_at as loaded_at
{%- endmacro %}
