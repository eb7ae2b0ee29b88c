with

codes as (

    select * from {{ ref('code_lists') }}
    where code_list = 'pillar'

),

final as (

    select
        code as pillar,
        label as pillar_label,
        sort_order

    from codes

)

select * from final
