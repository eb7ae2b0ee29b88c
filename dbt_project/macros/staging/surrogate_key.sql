{#- md5 of the natural key parts as text, NULL-safe and separator-delimited so ('a','bc') != ('ab','c'). -#}
{% macro surrogate_key(columns) -%}
    md5(concat_ws('|', {% for column in columns %}coalesce(({{ column }})::text, '~null~'){% if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}
