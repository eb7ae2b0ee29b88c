{#- Every day from 2000-01-01 (the contracts' earliest accepted date) to the end of the Texas fiscal
    year after the one holding the as-of date (the as_of_date macro), with the period columns every
    rollup uses. -#}
with

days as (

    {{ date_spine("'2000-01-01'", "make_date(" ~ texas_fiscal_year(as_of_date()) ~ " + 1, 8, 31)") }}

),

final as (

    select
        date_day,
        {{ period_start('month', 'date_day') }} as month_start,
        {{ period_start('quarter', 'date_day') }} as quarter_start,
        {{ texas_fiscal_year('date_day') }} as fiscal_year,
        {{ texas_fiscal_quarter('date_day') }} as fiscal_quarter,
        extract(year from date_day)::integer as calendar_year,
        extract(isodow from date_day)::integer as day_of_week

    from days

)

select * from final
