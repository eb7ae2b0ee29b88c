{#- A published count read from another reporting table (identified_by_county, a Support cell) and shown
    beside this table's rows, with its suppression flag: the cell as published (NULL when hidden), 0 when
    the other table has no row for the key (nothing was counted there), never suppressed then. -#}
{% macro published_cell(relation_alias, measure, key='county_fips') -%}
    coalesce({{ relation_alias }}.{{ measure }}, case when {{ relation_alias }}.{{ key }} is null then 0 end)::bigint
        as {{ measure }},
    coalesce({{ relation_alias }}.{{ measure }}_suppressed, false)::boolean as {{ measure }}_suppressed
{%- endmacro %}
