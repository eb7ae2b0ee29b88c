{{ nightly_fact_config('service_key') }}

with

services as (

    select * from {{ ref('stg_raw__victim_services') }}

),

survivors as (

    {{ feed_survivors('victim_services') }}

),

joined as (

    select
        {{ surrogate_key(['services.partner_id', 'services.client_record_id', 'services.service_date',
            'services.service_category']) }}::text as service_key,
        services.partner_id::text as partner_id,
        services.client_record_id::text as client_record_id,
        survivors.survivor_key::text as survivor_key,
        services.intake_date::date as intake_date,
        services.county_fips::text as county_fips,
        services.age_band::text as age_band,
        services.gender::text as gender,
        services.trafficking_type::text as trafficking_type,
        services.referral_source::text as referral_source,
        services.service_category::text as service_category,
        services.service_date::date as service_date,
        services.exit_date::date as exit_date,
        services.exit_outcome::text as exit_outcome,
        services.logical_date::date as logical_date

    from services
    left join survivors
        on survivors.record_key = {{ person_record_key('victim_services', 'services.partner_id',
            'services.client_record_id') }}

),

final as (

    select * from joined
    {% if is_incremental() %}
        where {{ in_survivor_fact_window('service_key', 'joined', 'victim_services', 'client_record_id') }}
    {% endif %}

)

select * from final
