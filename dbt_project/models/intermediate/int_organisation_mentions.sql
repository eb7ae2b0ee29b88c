{#- How often each feed names an organisation, per spelling and the kind the feed gives it (NULL when it gives
    none): one row per organisation key, spelling, kind and feed with the count of mentions, so the table is
    a few hundred rows rather than one per raw row. Organisations are matched on their case- and
    space-normalised name. -#}
with

programs as (

    select
        organisation_name,
        organisation_kind,
        'program_inventory' as source_feed
    from {{ ref('stg_raw__program_inventory') }}

),

partnerships_a as (

    select
        organisation_a as organisation_name,
        organisation_a_kind as organisation_kind,
        'partnerships' as source_feed
    from {{ ref('stg_raw__partnerships') }}

),

partnerships_b as (

    select
        organisation_b as organisation_name,
        organisation_b_kind as organisation_kind,
        'partnerships' as source_feed
    from {{ ref('stg_raw__partnerships') }}

),

referral_sources as (

    select
        source_agency as organisation_name,
        source_agency_kind as organisation_kind,
        'intelligence_referrals' as source_feed
    from {{ ref('stg_raw__intelligence_referrals') }}

),

referral_receivers as (

    select
        receiving_agency as organisation_name,
        receiving_agency_kind as organisation_kind,
        'intelligence_referrals' as source_feed
    from {{ ref('stg_raw__intelligence_referrals') }}

),

funders as (

    select
        agency as organisation_name,
        null::text as organisation_kind,
        'funding_expenditures' as source_feed
    from {{ ref('stg_raw__funding_expenditures') }}

),

identifying_agencies as (

    select
        agency_name as organisation_name,
        null::text as organisation_kind,
        'victim_identifications' as source_feed
    from {{ ref('stg_raw__victim_identifications') }}

),

unioned as (

    select * from programs
    union all
    select * from partnerships_a
    union all
    select * from partnerships_b
    union all
    select * from referral_sources
    union all
    select * from referral_receivers
    union all
    select * from funders
    union all
    select * from identifying_agencies

),

counted as (

    -- counted per spelling first: a few hundred distinct names, so the key and the normalised name are
    -- computed once per spelling, not once per raw row
    select
        organisation_name,
        organisation_kind,
        source_feed,
        count(*) as mentions

    from unioned
    where nullif(btrim(organisation_name), '') is not null
    group by organisation_name, organisation_kind, source_feed

),

keyed as (

    select
        {{ organisation_key('organisation_name') }} as organisation_key,
        btrim(regexp_replace(organisation_name, '\s+', ' ', 'g')) as organisation_name,
        organisation_kind,
        source_feed,
        mentions

    from counted

),

final as (

    select
        organisation_key,
        organisation_name,
        organisation_kind,
        source_feed,
        sum(mentions)::bigint as mentions

    from keyed
    group by organisation_key, organisation_name, organisation_kind, source_feed

)

select * from final
