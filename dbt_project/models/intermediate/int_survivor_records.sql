{#- One row per person record a partner keeps: a service provider's client record or an identification.
    match_tokens holds every privacy token seen on the record (a client's rows may carry several). -#}
with

services as (

    select * from {{ ref('stg_raw__victim_services') }}

),

identifications as (

    select * from {{ ref('stg_raw__victim_identifications') }}

),

service_tokens as (

    select
        'victim_services' as feed,
        services.partner_id,
        services.client_record_id as record_id,
        tokens.token

    from services
    cross join lateral (
        values (services.match_key_name_dob), (services.match_key_initials_dob_sex)
    ) as tokens (token)

),

identification_tokens as (

    select
        'victim_identifications' as feed,
        identifications.partner_id,
        identifications.identification_id as record_id,
        tokens.token

    from identifications
    cross join lateral (
        values (identifications.match_key_name_dob), (identifications.match_key_initials_dob_sex)
    ) as tokens (token)

),

unioned as (

    select * from service_tokens
    union all
    select * from identification_tokens

),

final as (

    select
        {{ surrogate_key(['feed', 'partner_id', 'record_id']) }} as record_key,
        feed,
        partner_id,
        record_id,
        coalesce(
            array_agg(distinct token order by token) filter (where token is not null), '{}'::text[]
        ) as match_tokens

    from unioned
    group by feed, partner_id, record_id

)

select * from final
