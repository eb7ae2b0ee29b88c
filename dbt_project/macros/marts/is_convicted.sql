{#- Whether a disposition (codes.yml: disposition) is a conviction: the one place that says what
    "convicted" means. Marts read fct_prosecution_cases.is_convicted, which is built from it. -#}
{% macro is_convicted(disposition_expr) -%}
    ({{ disposition_expr }} in ('convicted_plea', 'convicted_trial'))
{%- endmacro %}
