{#- The column holds a code of the named list of codes.yml (via the rendered code_lists seed), so marts
    test their codes without restating any list. NULL passes (not_null says otherwise). With
    each_element=true the column is an array (text[]) and every element must be a code.
    `model` is selected from as a whole, never aliased, because dbt hands a test configured with
    `where:` a subquery already carrying its own alias. Returns each offending value. -#}
{% test in_code_list(model, column_name, code_list, each_element=false) %}
with

tested as (

    {%- if each_element %}
    select element as code
    from {{ model }}
    cross join lateral unnest({{ column_name }}) as element
    {%- else %}
    select {{ column_name }} as code
    from {{ model }}
    {%- endif %}

),

codes as (

    select code
    from {{ ref('code_lists') }}
    where code_list = '{{ code_list }}'

)

select tested.code
from tested
where
    tested.code is not null
    and not exists (
        select 1
        from codes
        where codes.code = tested.code::text
    )
{% endtest %}
