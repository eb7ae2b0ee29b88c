{#- Cases disposed per fiscal quarter of the disposition date, county and disposition. -#}
with

cases as (

    select * from {{ ref('fct_prosecution_cases') }}
    where disposition <> 'pending' and disposition_date is not null

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns('quarter', 'cases.disposition_date') }},
        cases.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        cases.disposition::text as disposition,
        count(*)::integer as cases,
        sum(cases.defendant_count)::integer as defendants,
        {{ median('cases.sentence_months') }} as median_sentence_months

    from cases
    inner join counties
        on cases.county_fips = counties.county_fips
    group by {{ period_names('quarter') }}, cases.county_fips, counties.region_code, cases.disposition

)

select * from final
