{#- The declared grain of a reporting table holds: no two rows share the grain columns (NULLs compared as
    equal, since a NULL dimension would otherwise hide a duplicate from BI). -#}
{% test reporting_grain_unique(model, columns) %}
select {{ columns | join(', ') }}, count(*) as rows_in_grain
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
