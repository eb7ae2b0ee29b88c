{#- The rows of one report figure, numbered in the order the report shows them (row_order), cut to the
    first `limit` rows when the figure is a "top N". `columns` are kept as named in `relation`; a figure
    that depends on the report's as-of date passes partition_by='shown_from' so every as-of window is
    numbered on its own (macro figure_as_of_windows). -#}
{% macro figure_rows(relation, columns, order_by, where='true', limit=none, partition_by=none) -%}
select
    {{ columns | join(',\n    ') }},
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

{#- The rows of `relation` of each quarter, with the report dates that quarter is the latest for. -#}
{% macro figure_quarter_rows(relation) -%}
select
    windows.shown_from,
    windows.shown_until,
    quarter_rows.*
from ({{ figure_as_of_windows(relation) }}) as windows
inner join {{ relation }} as quarter_rows
    on windows.shown_from = quarter_rows.quarter_start
{%- endmacro %}
