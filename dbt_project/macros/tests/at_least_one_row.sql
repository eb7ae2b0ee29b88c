{#- An empty mart after a build means an upstream join or filter dropped everything: fail loudly. -#}
{% test at_least_one_row(model) %}
select 'empty' as problem
where not exists (select 1 from {{ model }})
{% endtest %}
