{#- Every element of a text[] column is one of the allowed values (accepted_values for list columns). -#}
{% test array_elements_in(model, column_name, values) %}
select element
from {{ model }}
cross join lateral unnest({{ column_name }}) as element
where element is not null
  and element not in ({% for value in values %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor %})
{% endtest %}
