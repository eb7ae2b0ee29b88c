{#- Funding obligated and expended per fiscal quarter, agency, program, pillar and source. program_key
    links to the Phase I inventory when the agency and program name match a program (NULL otherwise). -#}
with

expenditures as (

    select * from {{ ref('stg_raw__funding_expenditures') }}

),

programs as (

    select * from {{ ref('dim_program') }}

),

final as (

    select
        {{ surrogate_key(['expenditures.partner_id', 'expenditures.fiscal_year', 'expenditures.fiscal_quarter',
            'expenditures.agency', 'expenditures.program_name', 'expenditures.pillar',
            'expenditures.funding_source']) }}::text as expenditure_key,
        expenditures.partner_id::text as partner_id,
        expenditures.fiscal_year::integer as fiscal_year,
        expenditures.fiscal_quarter::integer as fiscal_quarter,
        expenditures.agency::text as agency,
        expenditures.program_name::text as program_name,
        programs.program_key::text as program_key,
        expenditures.pillar::text as pillar,
        expenditures.funding_source::text as funding_source,
        expenditures.obligated_amount::numeric as obligated_amount,
        expenditures.expended_amount::numeric as expended_amount

    from expenditures
    left join programs
        on
            programs.organisation_key = {{ organisation_key('expenditures.agency') }}
            and lower(btrim(programs.program_name)) = lower(btrim(expenditures.program_name))

)

select * from final
