{#- Cases filed in the period (by filing date), county and trafficking type, and what became of them so
    far: conviction rate = convicted / disposed (pending cases excluded; NULL when none disposed). -#}
{% macro prosecution_rollup(grain) -%}
with

cases as (

    select * from {{ ref('fct_prosecution_cases') }}

),

counties as (

    select * from {{ ref('dim_county') }}

),

final as (

    select
        {{ period_columns(grain, 'cases.filing_date') }},
        cases.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        cases.trafficking_type::text as trafficking_type,
        count(*)::integer as cases_filed,
        sum(cases.defendant_count)::integer as defendants_charged,
        coalesce(sum(cases.victim_count), 0)::integer as victims,
        count(*) filter (where cases.disposition <> 'pending')::integer as cases_disposed,
        count(*) filter (where cases.is_convicted)::integer as cases_convicted,
        {{ safe_share('count(*) filter (where cases.is_convicted)',
            "count(*) filter (where cases.disposition <> 'pending')") }} as conviction_rate,
        {{ median('cases.days_to_disposition') }} as median_days_to_disposition

    from cases
    inner join counties
        on cases.county_fips = counties.county_fips
    group by {{ period_names(grain) }}, cases.county_fips, counties.region_code, cases.trafficking_type

)

select * from final
{%- endmacro %}
