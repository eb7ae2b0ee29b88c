{#- Set sizes of two text arrays, ignoring duplicates and NULL elements: used for overlap scores. -#}

{% macro array_overlap_count(left, right) -%}
    (select count(*) from (select unnest({{ left }}) intersect select unnest({{ right }})) as shared)::integer
{%- endmacro %}

{% macro array_union_count(left, right) -%}
    (select count(*) from (select unnest({{ left }}) union select unnest({{ right }})) as either)::integer
{%- endmacro %}
