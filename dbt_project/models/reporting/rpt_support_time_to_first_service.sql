{#- Provide support: days to a survivor's first service, measured from intake and from identification, by
    Texas fiscal year of the first service, with 'total' rows over the years. Survivors are unduplicated
    (fct_survivor_first_service, one row per survivor) and counted only where the wait is measurable.
    The survivor counts are suppressed with complementary suppression over the years; a median over a
    hidden count is NULL. -#}

with waits as (
    {%- for measured_from in ['intake', 'identification'] %}
        select
            {{ texas_fiscal_year('first_service_date') }}::text as fiscal_year,
            '{{ measured_from }}' as measured_from,
            days_{{ measured_from }}_to_first_service as days_to_first_service
        from {{ ref('fct_survivor_first_service') }}
        where days_{{ measured_from }}_to_first_service is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

cells as (
    select
        case when grouping(fiscal_year) = 1 then 'total' else fiscal_year end as fiscal_year,
        measured_from,
        count(*) as survivors,
        round({{ median('days_to_first_service') }}, 1) as median_days,
        round((percentile_cont(0.9) within group (order by days_to_first_service))::numeric, 1) as p90_days
    from waits
    group by rollup (fiscal_year), measured_from
),

suppressed as (
    {{ suppress_cells('cells', ['fiscal_year', 'measured_from'], ['survivors'],
                      attributes=['median_days', 'p90_days']) }}
)

select
    fiscal_year::text as fiscal_year,
    measured_from::text as measured_from,
    survivors::bigint as survivors,
    survivors_suppressed::boolean as survivors_suppressed,
    (case when not survivors_suppressed then median_days end)::numeric as median_days_to_first_service,
    (case when not survivors_suppressed then p90_days end)::numeric as p90_days_to_first_service
from suppressed
