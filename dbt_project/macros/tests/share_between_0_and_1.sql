{#- Shares and rates are proportions: between 0 and 1 inclusive (NULL when the denominator is 0). -#}
{% test share_between_0_and_1(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}
