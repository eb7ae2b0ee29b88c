{#- The grain of a model: no two rows share these columns (dbt_utils is unreachable here). NULLs are
    compared as values, so a NULL in a grain column cannot hide a duplicate. -#}
{% test unique_combination(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
