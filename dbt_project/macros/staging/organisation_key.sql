{#- Key of an organisation named in free text: md5 of the case-folded, space-collapsed name, so
    "Harris County DA" and "harris  county da" are one organisation. -#}
{% macro organisation_key(name_expr) -%}
    md5(lower(btrim(regexp_replace({{ name_expr }}, '\s+', ' ', 'g'))))
{%- endmacro %}
