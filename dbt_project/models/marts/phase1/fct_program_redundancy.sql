{#- Phase I goal "eliminate redundancy". Grain: an unordered pair of programs (program_key_a <
    program_key_b) of different or the same organisation that overlap on every one of county, pillar,
    population and service category. overlap_score is the mean of the four Jaccard indices (shared values
    over values either program names), 0 to 1; 1 means two programs claim exactly the same ground. -#}

with programs as (
    select
        program_key,
        organisation_name,
        pillars_served,
        counties_served,
        populations_served,
        services_offered
    from {{ ref('dim_program') }}
    where
        cardinality(pillars_served) > 0
        and cardinality(counties_served) > 0
        and cardinality(populations_served) > 0
        and cardinality(services_offered) > 0
),

pairs as (
    select
        a.program_key as program_key_a,
        b.program_key as program_key_b,
        a.organisation_name = b.organisation_name as same_organisation,
        {%- for dim in ['counties_served', 'pillars_served', 'populations_served', 'services_offered'] %}
            {{ array_overlap_count('a.' ~ dim, 'b.' ~ dim) }} as shared_{{ dim }},
            {{ array_union_count('a.' ~ dim, 'b.' ~ dim) }} as either_{{ dim }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from programs as a
    inner join programs as b
        on
            a.program_key < b.program_key
            and a.counties_served && b.counties_served
            and a.pillars_served && b.pillars_served
            and a.populations_served && b.populations_served
            and a.services_offered && b.services_offered
)

select
    {{ dbt.concat(["program_key_a", "'|'", "program_key_b"]) }} as program_pair_key,
    program_key_a,
    program_key_b,
    same_organisation,
    shared_counties_served as shared_counties,
    shared_pillars_served as shared_pillars,
    shared_populations_served as shared_populations,
    shared_services_offered as shared_services,
    round(
        (
            shared_counties_served::numeric / either_counties_served
            + shared_pillars_served::numeric / either_pillars_served
            + shared_populations_served::numeric / either_populations_served
            + shared_services_offered::numeric / either_services_offered
        ) / 4,
        4
    ) as overlap_score
from pairs
