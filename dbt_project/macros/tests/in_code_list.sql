{#- The column holds a code of the named list of codes.yml (via the rendered code_lists seed), so marts
    test their codes without restating any list. NULL passes (not_null says otherwise). -#}
{% test in_code_list(model, column_name, code_list) %}
select tested.{{ column_name }}
from {{ model }} as tested
where tested.{{ column_name }} is not null
  and not exists (
      select 1
      from {{ ref('code_lists') }} as codes
      where codes.code_list = '{{ code_list }}'
        and codes.code = tested.{{ column_name }}::text
  )
{% endtest %}
