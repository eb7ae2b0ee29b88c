{#- The rows of one report figure, numbered in the order the report shows them (row_order), cut to the
    first `limit` rows when the figure is a "top N". `columns` are kept as named in `relation` (every column
    when none are named: a figure's own CTE that selects just its columns); order_by is required. A figure
    that depends on the report's as-of date passes partition_by='shown_from' so every as-of window is
    numbered on its own (macro figure_as_of_windows). -#}
{% macro figure_rows(relation, columns=none, order_by=none, where='true', limit=none, partition_by=none) -%}
{%- if not order_by -%}
    {{ exceptions.raise_compiler_error("figure_rows of " ~ relation ~ ": order_by is required") }}
{%- endif -%}
select
    {{ (columns or ['*']) | join(',\n    ') }},
    row_number() over (
        {% if partition_by %}partition by {{ partition_by }} {% endif %}order by {{ order_by }}
    ) as row_order
from {{ relation }}
where {{ where }}
{%- if limit %}
order by row_order
limit {{ limit }}
{%- endif %}
{%- endmacro %}

{#- The report dates each quarter of `relation` is "the latest quarter" for: from its quarter_start
    (shown_from) to the next quarter_start the table holds (shown_until, exclusive; NULL for the last).
    A figure keyed on these is read for a report date d with shown_from <= d < shown_until. -#}
{% macro figure_as_of_windows(relation) -%}
select
    quarter_start as shown_from,
    lead(quarter_start) over (order by quarter_start) as shown_until
from (select distinct quarter_start from {{ relation }}) as quarters
{%- endmacro %}

{#- The rows of `relation` of each quarter, with the report dates that quarter is the latest for: of that
    quarter only (quarters=1), of the last `quarters` quarters up to it, or (quarters=none) of every quarter
    up to it. -#}
{% macro figure_quarter_rows(relation, quarters=1) -%}
select
    windows.shown_from,
    windows.shown_until,
    quarter_rows.*
from ({{ figure_as_of_windows(relation) }}) as windows
inner join {{ relation }} as quarter_rows
{%- if quarters == 1 %}
    on windows.shown_from = quarter_rows.quarter_start
{%- else %}
    on
        windows.shown_from >= quarter_rows.quarter_start
        {%- if quarters %}
        and windows.shown_from - interval '{{ 3 * quarters }} months' < quarter_rows.quarter_start
        {%- endif %}
{%- endif %}
{%- endmacro %}

{#- The rows of a county_year_report table (rpt_prevent_reach, rpt_protect_identifications_by_county, ...)
    along one of its three dimensions (fiscal_year, county_fips and its own `dimension`), the other two at
    their 'total' rows: the by-year, by-county and by-<dimension> figures of each pillar. The dimension's
    own 'total' row is kept (with_total) or left out; a county is shown with its name. -#}
{% macro county_year_figure(relation, dimension, along, measures, order_by, with_total=false, limit=none) -%}
{{ figure_rows(
    relation,
    (['county_fips', 'county_name'] if along == 'county_fips' else [along]) + measures,
    where=county_year_slice(dimension, along, with_total),
    order_by=order_by,
    limit=limit
) }}
{%- endmacro %}

{#- The rows of a county_year_report table that vary along one dimension, the other two at 'total'. -#}
{% macro county_year_slice(dimension, along, with_total=false) -%}
    {%- set predicates = [] -%}
    {%- for d in ['fiscal_year', 'county_fips', dimension] if d != along -%}
        {%- do predicates.append(d ~ " = 'total'") -%}
    {%- endfor -%}
    {%- if not with_total -%}
        {%- do predicates.append(along ~ " <> 'total'") -%}
    {%- endif -%}
    {{ predicates | join(' and ') }}
{%- endmacro %}
