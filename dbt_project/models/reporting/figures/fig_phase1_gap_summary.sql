{#- Phase I: per service category, the counties with a need (identified victims or survivors served), those
    with no inventoried provider (gaps), and the providers. -#}
with by_category as (
    select
        service_category,
        count(*) as counties_with_need,
        count(*) filter (where is_gap) as gap_counties,
        sum(providers) as providers
    from {{ ref('rpt_service_gaps') }}
    group by service_category
)

{{ figure_rows('by_category', order_by="gap_counties desc, service_category") }}
