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
