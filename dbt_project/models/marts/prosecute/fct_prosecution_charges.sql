{#- One row per case and Penal Code section charged (a case's statutes list, duplicates dropped). -#}
with

cases as (

    select * from {{ ref('fct_prosecution_cases') }}

),

charges as (

    select distinct
        cases.case_key,
        statute,
        cases.county_fips,
        cases.filing_date,
        cases.trafficking_type

    from cases
    cross join lateral unnest(cases.statutes) as statute

),

final as (

    select
        {{ surrogate_key(['case_key', 'statute']) }}::text as charge_key,
        case_key::text as case_key,
        statute::text as statute,
        county_fips::text as county_fips,
        filing_date::date as filing_date,
        trafficking_type::text as trafficking_type

    from charges

)

select * from final
