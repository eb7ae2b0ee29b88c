{#- One row per unduplicated survivor who received a service: when and where the first service was, and
    how long after intake and after identification it came. A survivor identified only after the first
    service (or an intake recorded after it) gets NULL days: the wait is not measurable. -#}
with

services as (

    select * from {{ ref('fct_victim_services') }}

),

identifications as (

    select
        survivor_key,
        min(identification_date) as first_identification_date
    from {{ ref('fct_victim_identifications') }}
    where survivor_key is not null
    group by survivor_key

),

first_services as (

    select
        survivor_key,
        min(service_date) as first_service_date,
        min(intake_date) as first_intake_date

    from services
    where survivor_key is not null
    group by survivor_key

),

first_county as (

    select distinct on (services.survivor_key)
        services.survivor_key,
        services.county_fips

    from services
    inner join first_services
        on
            services.survivor_key = first_services.survivor_key
            and services.service_date = first_services.first_service_date
    order by services.survivor_key, services.county_fips

),

final as (

    select
        first_services.survivor_key::text as survivor_key,
        first_services.first_service_date::date as first_service_date,
        first_county.county_fips::text as first_service_county_fips,
        first_services.first_intake_date::date as first_intake_date,
        identifications.first_identification_date::date as first_identification_date,
        (case
            when first_services.first_intake_date <= first_services.first_service_date
                then first_services.first_service_date - first_services.first_intake_date
        end)::integer as days_intake_to_first_service,
        (case
            when identifications.first_identification_date <= first_services.first_service_date
                then first_services.first_service_date - identifications.first_identification_date
        end)::integer as days_identification_to_first_service

    from first_services
    inner join first_county
        on first_services.survivor_key = first_county.survivor_key
    left join identifications
        on first_services.survivor_key = identifications.survivor_key

)

select * from final
