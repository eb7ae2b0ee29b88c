{#- Survivors exiting services per fiscal quarter (of the exit date), county and outcome; exit_outcome is
    NULL where the provider recorded an exit without an outcome. -#}
{{ county_rollup('quarter', 'fct_victim_services', 'exit_date', ['exit_outcome'], {
    'survivors_exited': 'count(distinct facts.survivor_key)::integer',
}, where='exit_date is not null') }}
