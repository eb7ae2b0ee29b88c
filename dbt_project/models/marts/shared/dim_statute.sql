{#- Texas Penal Code sections from codes.yml (list `statute`). Chapter 20A is trafficking of persons;
    chapter 43 offences are the related prostitution / child sexual performance charges. -#}
{{ code_list_dimension('statute', key='statute', label='statute_title', derived={
    'chapter': "split_part(code, '.', 1)",
    'is_trafficking_offence': "split_part(code, '.', 1) = '20A'",
}) }}
