{#- A dimension that is one list of codes.yml (seed code_lists): the code as `key`, its label as `label`,
    any `derived` columns (name -> expression over code and label, in order) and the list's sort_order. -#}
{% macro code_list_dimension(code_list, key, label, derived={}) -%}
with

codes as (

    select * from {{ ref('code_lists') }}
    where code_list = '{{ code_list }}'

),

final as (

    select
        code as {{ key }},
        label as {{ label }},
        {%- for name, expression in derived.items() %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        sort_order

    from codes

)

select * from final
{%- endmacro %}
