{#- Fails on any published count of people from 1 to the suppression threshold, and on any cell whose
    flag and value disagree (flag true with a value, or a NULL flag). It reads every reporting model's
    <col>/<col>_suppressed pairs from the manifest, so a new reporting model is covered without edits. -#}
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
{%- set t = suppression_threshold() -%}
{%- set checks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.package_name == project_name and 'reporting' in node.fqn -%}
        {%- set names = node.columns.keys() | list -%}
        {%- for col in names if col.endswith('_suppressed') and col[:-11] in names -%}
            {%- do checks.append((node, col[:-11])) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

{%- for node, col in checks %}
select
    '{{ node.name }}' as model_name,
    '{{ col }}' as column_name,
    {{ col }}::text as published_value,
    {{ col }}_suppressed as flag
from {{ ref(node.name) }}
where
    {{ col }} between 1 and {{ t }}
    or ({{ col }}_suppressed and {{ col }} is not null)
    or {{ col }}_suppressed is null
{% if not loop.last %}union all{% endif %}
{%- else %}
select null::text as model_name, null::text as column_name, null::text as published_value, null::boolean as flag
where false
{%- endfor %}
