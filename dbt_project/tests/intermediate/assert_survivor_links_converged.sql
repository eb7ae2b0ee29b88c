{#- Label propagation in int_survivors_unduplicated runs a bounded number of rounds. If any token still
    joins records with two survivor keys, the rounds were too few for the longest chain of linked records:
    raise var('survivor_link_rounds'). Returns each such token (a keyed hash, not an identifier). -#}
with

records as (

    select * from {{ ref('int_survivor_records') }}

),

survivors as (

    select * from {{ ref('int_survivors_unduplicated') }}

),

token_survivors as (

    select
        token,
        survivors.survivor_key
    from records
    cross join lateral unnest(records.match_tokens) as token
    inner join survivors
        on records.record_key = survivors.record_key

)

select
    token,
    count(distinct survivor_key) as survivor_keys
from token_survivors
group by token
having count(distinct survivor_key) > 1
