{#- The declared grain of a reporting table holds: the unique_combination test under the name the
    reporting YAML gives it (NULLs compared as equal, since a NULL dimension would otherwise hide a
    duplicate from BI). -#}
{% test reporting_grain_unique(model, columns) %}
{{ test_unique_combination(model, columns) }}
{% endtest %}
