{#- Phase I: the 15 most overlapping program pairs. -#}
{{ figure_rows(
    ref('rpt_program_redundancy'),
    ['program_name_a', 'organisation_a', 'program_name_b', 'organisation_b', 'same_organisation', 'shared_counties', 'shared_services', 'overlap_score'],
    where="true",
    order_by="overlap_score desc, program_key_a, program_key_b",
    limit=15
) }}
