{#- Partnerships started in and active during each period (from the first start date to the as-of
    date, see the as_of_date macro), by county, type and level. county_fips / region_code are NULL for
    partnerships without a county (statewide or federal agreements). -#}
{% macro partnership_rollup(grain) -%}
{%- set period = 'month_start' if grain == 'month' else 'quarter_start' -%}
{%- set step = "interval '1 month'" if grain == 'month' else "interval '3 months'" -%}
with

partnerships as (

    select * from {{ ref('fct_partnerships') }}

),

periods as (

    select distinct
        {{ period_columns(grain, 'date_day') }},
        ({{ period }} + {{ step }} - interval '1 day')::date as period_end

    from {{ ref('dim_date') }}
    where date_day between (select min(start_date) from partnerships) and {{ as_of_date() }}

),

active as (

    select
        periods.{{ period }},
        periods.fiscal_year,
        {%- if grain == 'quarter' %}
        periods.fiscal_quarter,
        {%- endif %}
        partnerships.county_fips,
        partnerships.partnership_type,
        partnerships.level,
        partnerships.partnership_key,
        partnerships.start_date between periods.{{ period }} and periods.period_end as started_in_period

    from partnerships
    inner join periods
        on partnerships.start_date <= periods.period_end
        and (partnerships.end_date is null or partnerships.end_date >= periods.{{ period }})

),

final as (

    select
        active.{{ period }}::date as {{ period }},
        active.fiscal_year::integer as fiscal_year,
        {%- if grain == 'quarter' %}
        active.fiscal_quarter::integer as fiscal_quarter,
        {%- endif %}
        active.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        active.partnership_type::text as partnership_type,
        active.level::text as level,
        count(distinct active.partnership_key) filter (where active.started_in_period)::integer
            as partnerships_started,
        count(distinct active.partnership_key)::integer as partnerships_active

    from active
    left join {{ ref('dim_county') }} as counties
        on active.county_fips = counties.county_fips
    group by {{ period_names(grain) }}, active.county_fips, counties.region_code, active.partnership_type, active.level

)

select * from final
{%- endmacro %}
