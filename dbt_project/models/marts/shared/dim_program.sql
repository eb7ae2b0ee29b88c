{#- One row per program of the Phase I inventory (organisation + program name). When several partners
    report the same program, the latest delivery wins. -#}
with

inventory as (

    select * from {{ ref('stg_raw__program_inventory') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by {{ organisation_key('organisation_name') }}, lower(btrim(program_name))
            order by logical_date desc, loaded_at desc, partner_id asc
        ) as report_rank

    from inventory

),

final as (

    select
        {{ surrogate_key([organisation_key('organisation_name'), 'lower(btrim(program_name))']) }} as program_key,
        program_name,
        {{ organisation_key('organisation_name') }} as organisation_key,
        organisation_name,
        organisation_kind,
        coalesce(pillars_served, '{}'::text[]) as pillars_served,
        coalesce(services_offered, '{}'::text[]) as services_offered,
        coalesce(counties_served, '{}'::text[]) as counties_served,
        coalesce(populations_served, '{}'::text[]) as populations_served,
        capacity,
        evidence_based_model,
        coalesce(lower(btrim(evidence_based_model)) not in ('', 'none', 'n/a', 'no'), false) as is_evidence_based,
        annual_budget,
        coalesce(funding_sources, '{}'::text[]) as funding_sources,
        outcome_measures,
        partner_id

    from ranked
    where report_rank = 1

)

select * from final
