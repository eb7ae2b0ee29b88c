{#- Small-cell and complementary suppression of a table of counts of people.

    relation    a ref, source or CTE name; one row per cell: the dimension columns, the measures, and
                optional attributes (labels that depend only on the dimensions).
    dimensions  the columns that span the table. A row whose dimension d holds total_label is the total
                over d of the rows that share every other dimension (a "group").
    measures    count-of-people columns; each is suppressed independently.
    external_total_dimensions
                dimensions whose group totals are published in another reporting table, so their groups
                are protected even though this table has no total row for them.

    Primary suppression hides every cell from 1 to the threshold, totals included. Complementary
    suppression then repeats until stable: in every group that carries (or publishes elsewhere) a total, if
    exactly one member (cells and total) is hidden, also hide the smallest other member -- non-zero first,
    so that the second unknown is a real one. After that no hidden cell equals a published total minus
    published cells. Returns a select with the dimensions, the attributes, and for every measure m: m
    (NULL when hidden) and m_suppressed. Use it as a subquery: `from ({{ suppress_cells(...) }}) as s`.
-#}
{% macro suppress_cells(relation, dimensions, measures, attributes=[], total_label='total',
                        external_total_dimensions=[], threshold=none) -%}
    {%- set t = threshold if threshold is not none else suppression_threshold() -%}
    {%- set carried = dimensions + attributes -%}
    with recursive sc_cells as (
        {%- for m in measures %}
        select
            {%- for c in carried %}
            {{ c }},
            {%- endfor %}
            '{{ m }}'::text as measure_name,
            ({{ m }})::bigint as cell_value
        from {{ relation }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ),

    sc_numbered as (
        select
            sc_cells.*,
            row_number() over (order by measure_name {%- for d in dimensions %}, {{ d }}::text{%- endfor %}) as cell_id,
            {{ is_small_count('cell_value', t) }} as suppressed
        from sc_cells
    ),

    sc_passes as (
        select sc_numbered.*, 0 as pass, true as changed from sc_numbered
        union all
        select
            {%- for c in carried %}
            {{ c }},
            {%- endfor %}
            measure_name,
            cell_value,
            cell_id,
            next_suppressed as suppressed,
            pass + 1 as pass,
            bool_or(next_suppressed <> suppressed) over () as changed
        from (
            select
                grouped.*,
                suppressed
                {%- for d in dimensions %}
                or (
                    (has_total_{{ loop.index }} {%- if d in external_total_dimensions %} or true{%- endif %})
                    and hidden_{{ loop.index }} = 1 and pick_{{ loop.index }} = 1
                    and not suppressed and cell_value is not null
                )
                {%- endfor %} as next_suppressed
            from (
                select
                    p.*
                    {%- for d in dimensions %}
                    {%- set others = ['measure_name'] + (dimensions | reject('equalto', d) | list) %}
                    , bool_or({{ d }}::text = '{{ total_label }}') over (partition by {{ others | join(', ') }})
                        as has_total_{{ loop.index }}
                    , count(*) filter (where suppressed) over (partition by {{ others | join(', ') }})
                        as hidden_{{ loop.index }}
                    , row_number() over (
                        partition by {{ others | join(', ') }}
                        order by suppressed, cell_value is null, cell_value = 0, cell_value, cell_id
                    ) as pick_{{ loop.index }}
                    {%- endfor %}
                from sc_passes as p
                where p.changed
            ) as grouped
        ) as stepped
    ),

    sc_settled as (
        select * from sc_passes where pass = (select max(pass) from sc_passes)
    )

    select
        {%- for c in carried %}
        {{ c }},
        {%- endfor %}
        {%- for m in measures %}
        max(case when measure_name = '{{ m }}' and not suppressed then cell_value end)::bigint as {{ m }},
        coalesce(bool_or(suppressed) filter (where measure_name = '{{ m }}'), false) as {{ m }}_suppressed
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from sc_settled
    {%- if carried %}
    group by {{ carried | join(", ") }}
    {%- endif %}
{%- endmacro %}
