{#- The shape every monthly / quarterly mart by county shares: one fact model's rows counted per period
    (month or Texas fiscal quarter of date_column), county, HHS region and the given dimensions.

    grain       'month' or 'quarter' (see period_columns)
    model       the fact model to count; its rows are `facts` in the expressions
    date_column the fact's date that places a row in a period
    dimensions  the fact's columns to group by besides the county, published as text
    measures    a dict of output column -> aggregate expression over `facts`, in column order (give the
                output type in the expression, e.g. count(*)::integer)
    where       optional filter on the fact rows

    Facts whose county is not in dim_county are left out (inner join), as every rollup always did. -#}
{% macro county_rollup(grain, model, date_column, dimensions, measures, where=none) -%}
with

facts as (

    select * from {{ ref(model) }}
    {%- if where %}
    where {{ where }}
    {%- endif %}

),

final as (

    select
        {{ period_columns(grain, 'facts.' ~ date_column) }},
        facts.county_fips::text as county_fips,
        counties.region_code::text as region_code,
        {%- for dimension in dimensions %}
        facts.{{ dimension }}::text as {{ dimension }},
        {%- endfor %}
        {%- for name, expression in measures.items() %}
        {{ expression }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}

    from facts
    inner join {{ ref('dim_county') }} as counties
        on facts.county_fips = counties.county_fips
    group by
        {{ period_names(grain) }}, facts.county_fips, counties.region_code
        {%- for dimension in dimensions %}, facts.{{ dimension }}{% endfor %}

)

select * from final
{%- endmacro %}
