{#- The subtraction attack on every reporting table that publishes totals. A model declares its table
    shape in `config.meta.suppression` ({dimensions, measures, total_label, external_total_dimensions});
    for each measure and dimension, a group is the rows sharing every other dimension. If the group has a
    total (here, or published elsewhere) and exactly one hidden member, that member is the total minus the
    published cells -- or the total is the sum of the cells -- and the test returns the group with the
    recovered value. -#}
-- Every reporting model, so dbt orders this test after them (a pytest checks the list is complete):
-- depends_on: {{ ref('rpt_data_quality') }}
-- depends_on: {{ ref('rpt_evidence_based_practice') }}
-- depends_on: {{ ref('rpt_expenditure_by_county') }}
-- depends_on: {{ ref('rpt_expenditure_efficiency') }}
-- depends_on: {{ ref('rpt_funding_coordination') }}
-- depends_on: {{ ref('rpt_intelligence_sharing_latency') }}
-- depends_on: {{ ref('rpt_partner_network_edges') }}
-- depends_on: {{ ref('rpt_partner_submission_scorecard') }}
-- depends_on: {{ ref('rpt_partnerships_by_type') }}
-- depends_on: {{ ref('rpt_pillar_scorecard_quarterly') }}
-- depends_on: {{ ref('rpt_prevent_reach') }}
-- depends_on: {{ ref('rpt_program_efficiency') }}
-- depends_on: {{ ref('rpt_program_redundancy') }}
-- depends_on: {{ ref('rpt_prosecute_outcomes') }}
-- depends_on: {{ ref('rpt_prosecute_time_to_disposition') }}
-- depends_on: {{ ref('rpt_protect_identifications_by_county') }}
-- depends_on: {{ ref('rpt_service_gaps') }}
-- depends_on: {{ ref('rpt_support_survivors_served') }}
-- depends_on: {{ ref('rpt_support_time_to_first_service') }}
-- depends_on: {{ ref('rpt_task_force_coverage') }}
-- depends_on: {{ ref('fig_methods_periods') }}
-- depends_on: {{ ref('fig_partner_by_sector') }}
-- depends_on: {{ ref('fig_partner_network') }}
-- depends_on: {{ ref('fig_phase1_evidence_based') }}
-- depends_on: {{ ref('fig_phase1_expenditure_efficiency') }}
-- depends_on: {{ ref('fig_phase1_gap_summary') }}
-- depends_on: {{ ref('fig_phase1_gaps') }}
-- depends_on: {{ ref('fig_phase1_redundancy') }}
-- depends_on: {{ ref('fig_phase2_funding_coordination') }}
-- depends_on: {{ ref('fig_phase2_intelligence_latency') }}
-- depends_on: {{ ref('fig_phase2_program_efficiency') }}
-- depends_on: {{ ref('fig_phase2_submission_scorecard') }}
-- depends_on: {{ ref('fig_prevent_by_audience') }}
-- depends_on: {{ ref('fig_prevent_by_county') }}
-- depends_on: {{ ref('fig_prevent_by_year') }}
-- depends_on: {{ ref('fig_prosecute_by_county') }}
-- depends_on: {{ ref('fig_prosecute_by_year') }}
-- depends_on: {{ ref('fig_prosecute_conviction_rate') }}
-- depends_on: {{ ref('fig_prosecute_dispositions') }}
-- depends_on: {{ ref('fig_protect_by_county') }}
-- depends_on: {{ ref('fig_protect_by_type') }}
-- depends_on: {{ ref('fig_protect_by_year') }}
-- depends_on: {{ ref('fig_quality_freshness') }}
-- depends_on: {{ ref('fig_quality_quarantine_by_partner') }}
-- depends_on: {{ ref('fig_quality_rejections_by_field') }}
-- depends_on: {{ ref('fig_summary_headlines') }}
-- depends_on: {{ ref('fig_summary_trends') }}
-- depends_on: {{ ref('fig_support_by_category') }}
-- depends_on: {{ ref('fig_support_by_county') }}
-- depends_on: {{ ref('fig_support_by_year') }}
{%- set attacks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.package_name == project_name and 'reporting' in node.fqn
        and (node.config.meta or {}).get('suppression') -%}
        {%- set spec = node.config.meta['suppression'] -%}
        {%- for m in spec['measures'] -%}
            {%- for d in spec['dimensions'] -%}
                {%- do attacks.append((node, spec, m, d)) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

{%- for node, spec, m, d in attacks %}
{%- set total = spec.get('total_label', 'total') -%}
{%- set others = spec['dimensions'] | reject('equalto', d) | list -%}
{%- set external = d in spec.get('external_total_dimensions', []) %}
select
    '{{ node.name }}' as model_name,
    '{{ m }}' as measure,
    '{{ d }}' as dimension,
    {% if others %}concat_ws('|', {% for o in others %}{{ o }}::text{% if not loop.last %}, {% endif %}{% endfor %}){% else %}''{% endif %}
        as group_key,
    sum({{ m }}) filter (where {{ d }}::text = '{{ total }}')
    - coalesce(sum({{ m }}) filter (where {{ d }}::text <> '{{ total }}'), 0) as recovered_value
from {{ ref(node.name) }}
{% if others %}group by {% for o in others %}{{ o }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}
having
    ({{ 'true' if external else 'false' }} or bool_or({{ d }}::text = '{{ total }}'))
    and count(*) filter (where {{ m }}_suppressed) = 1
    {#- A group of one cell whose total is published only elsewhere: the total equals the cell, and a lone
        small cell is small there too, so the other table hides it by the same threshold. (This assumes the
        lone cell was hidden for being small; external_total_dimensions should be the only dimensions
        with complementary suppression in such a table, as in rpt_pillar_scorecard_quarterly.) #}
    {%- if external %}
    and (bool_or({{ d }}::text = '{{ total }}') or count(*) > 1)
    {%- endif %}
{% if not loop.last %}union all{% endif %}
{%- else %}
select
    null::text as model_name, null::text as measure, null::text as dimension, null::text as group_key,
    null::bigint as recovered_value
where false
{%- endfor %}
