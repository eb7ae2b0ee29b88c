with

codes as (

    select * from {{ ref('code_lists') }}
    where code_list = 'service_category'

),

final as (

    select
        code as service_category,
        label as service_category_label,
        sort_order

    from codes

)

select * from final
