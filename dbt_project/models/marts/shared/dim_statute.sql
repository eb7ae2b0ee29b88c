{#- Texas Penal Code sections from codes.yml (list `statute`). Chapter 20A is trafficking of persons;
    chapter 43 offences are the related prostitution / child sexual performance charges. -#}
with

codes as (

    select * from {{ ref('code_lists') }}
    where code_list = 'statute'

),

final as (

    select
        code as statute,
        label as statute_title,
        split_part(code, '.', 1) as chapter,
        split_part(code, '.', 1) = '20A' as is_trafficking_offence,
        sort_order

    from codes

)

select * from final
