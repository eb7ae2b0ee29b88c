{#- The shape the per-pillar reporting tables share: one fact model's rows counted per Texas fiscal year,
    county and one more dimension, with 'total' rows over each of the three (group by cube), small-cell
    and complementary suppression (suppress_cells), and the county's name ('Texas' on the all-county
    total).

    model       the fact model
    date_column the fact's date that places a row in a fiscal year
    dimension   the third dimension (a column of the fact)
    inputs      the other fact columns the cells read
    cells       a dict of column -> aggregate over the fact rows, in the published column order
    measures    the cells that count people: each is published as <m> (NULL when hidden) and <m>_suppressed
    published   optional column -> expression over `suppressed` for a cell published otherwise; every
                other cell that is not a measure is published as it is (bigint) -#}
{% macro county_year_report(model, date_column, dimension, inputs, cells, measures, published={}) -%}
{%- set dimensions = ['fiscal_year', 'county_fips', dimension] -%}
with facts as (
    select
        {{ texas_fiscal_year(date_column) }}::text as fiscal_year,
        county_fips,
        {{ dimension }},
        {{ inputs | join(',\n        ') }}
    from {{ ref(model) }}
),

cells as (
    select
        {%- for d in dimensions %}
        case when grouping({{ d }}) = 1 then 'total' else {{ d }} end as {{ d }},
        {%- endfor %}
        {%- for name, expression in cells.items() %}
        {{ expression }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from facts
    group by cube ({{ dimensions | join(', ') }})
),

suppressed as (
    {{ suppress_cells('cells', dimensions, measures, attributes=cells.keys() | reject('in', measures) | list) }}
)

select
    suppressed.fiscal_year::text as fiscal_year,
    suppressed.county_fips::text as county_fips,
    coalesce(counties.county_name, case when suppressed.county_fips = 'total' then 'Texas' end)::text
        as county_name,
    suppressed.{{ dimension }}::text as {{ dimension }},
    {%- for name in cells %}
    {%- if name in published %}
    {{ published[name] }} as {{ name }}
    {%- elif name in measures %}
    suppressed.{{ name }}::bigint as {{ name }},
    suppressed.{{ name }}_suppressed::boolean as {{ name }}_suppressed
    {%- else %}
    suppressed.{{ name }}::bigint as {{ name }}
    {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
from suppressed
left join {{ ref('dim_county') }} as counties on suppressed.county_fips = counties.county_fips
{%- endmacro %}
