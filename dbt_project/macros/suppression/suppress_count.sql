{#- Primary small-cell suppression of one count of people.

    A count from 1 to the council's suppression threshold (policy.yml) is published as NULL with <alias>_suppressed = true;
    0 and counts above the threshold are published as they are. A suppressed count is never shown as 0,
    so a reader can tell "none" from "too few to show". -#}

{% macro suppression_threshold() -%}
    {{ return(policy_var('suppression_threshold') | int) }}
{%- endmacro %}

{% macro is_small_count(expr, threshold=none) -%}
    {%- set t = threshold if threshold is not none else suppression_threshold() -%}
    coalesce(({{ expr }}) between 1 and {{ t }}, false)
{%- endmacro %}

{% macro suppress_count(expr, alias, threshold=none) -%}
    (case when {{ is_small_count(expr, threshold) }} then null else ({{ expr }}) end)::bigint as {{ alias }},
    {{ is_small_count(expr, threshold) }} as {{ alias }}_suppressed
{%- endmacro %}

{#- A ratio or rate derived from a count is hidden whenever that count is: publishing 3/40 = 7.5% with
    the 3 suppressed would give the 3 back. -#}
{% macro unless_suppressed(expr, count_expr, threshold=none) -%}
    case when {{ is_small_count(count_expr, threshold) }} then null else ({{ expr }}) end
{%- endmacro %}
