{#- Prosecute: cases filed, defendants and victims counted in them, by Texas fiscal year of filing,
    county and disposition, with 'total' rows. Defendants and victims are people and suppressed (cases
    too, since a case count bounds its defendants); mean sentence is hidden with the defendants. -#}

with cases as (
    select
        {{ texas_fiscal_year('filing_date') }}::text as fiscal_year,
        county_fips,
        disposition,
        defendant_count,
        victim_count,
        sentence_months
    from {{ ref('fct_prosecution_cases') }}
),

cells as (
    select
        case when grouping(fiscal_year) = 1 then 'total' else fiscal_year end as fiscal_year,
        case when grouping(county_fips) = 1 then 'total' else county_fips end as county_fips,
        case when grouping(disposition) = 1 then 'total' else disposition end as disposition,
        count(*) as cases,
        sum(defendant_count) as defendants,
        coalesce(sum(victim_count), 0) as victims,
        round(avg(sentence_months), 1) as mean_sentence_months
    from cases
    group by cube (fiscal_year, county_fips, disposition)
),

suppressed as (
    {{ suppress_cells('cells', ['fiscal_year', 'county_fips', 'disposition'], ['cases', 'defendants', 'victims'],
                      attributes=['mean_sentence_months']) }}
)

select
    suppressed.fiscal_year::text as fiscal_year,
    suppressed.county_fips::text as county_fips,
    coalesce(counties.county_name, case when suppressed.county_fips = 'total' then 'Texas' end)::text
        as county_name,
    suppressed.disposition::text as disposition,
    suppressed.cases::bigint as cases,
    suppressed.cases_suppressed::boolean as cases_suppressed,
    suppressed.defendants::bigint as defendants,
    suppressed.defendants_suppressed::boolean as defendants_suppressed,
    suppressed.victims::bigint as victims,
    suppressed.victims_suppressed::boolean as victims_suppressed,
    (case when suppressed.defendants_suppressed then null else suppressed.mean_sentence_months end)::numeric
        as mean_sentence_months
from suppressed
left join {{ ref('dim_county') }} as counties on suppressed.county_fips = counties.county_fips
