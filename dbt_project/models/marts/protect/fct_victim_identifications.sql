{{ nightly_fact_config('identification_key') }}

with

identifications as (

    select * from {{ ref('stg_raw__victim_identifications') }}

),

survivors as (

    {{ feed_survivors('victim_identifications') }}

),

joined as (

    select
        {{ surrogate_key(['identifications.partner_id', 'identifications.identification_id']) }}::text
            as identification_key,
        identifications.partner_id::text as partner_id,
        identifications.identification_id::text as identification_id,
        identifications.identification_date::date as identification_date,
        identifications.county_fips::text as county_fips,
        identifications.identifying_agency_type::text as identifying_agency_type,
        identifications.agency_name::text as agency_name,
        identifications.trafficking_type::text as trafficking_type,
        identifications.age_group::text as age_group,
        identifications.nationality_group::text as nationality_group,
        coalesce(identifications.referred_to_services, false)::boolean as referred_to_services,
        identifications.referred_to::text as referred_to,
        survivors.survivor_key::text as survivor_key,
        identifications.logical_date::date as logical_date

    from identifications
    left join survivors
        on survivors.record_key = {{ person_record_key('victim_identifications', 'identifications.partner_id',
            'identifications.identification_id') }}

),

final as (

    select * from joined
    {% if is_incremental() %}
        where
            {{ in_survivor_fact_window('identification_key', 'joined', 'victim_identifications',
                'identification_id') }}
    {% endif %}

)

select * from final
