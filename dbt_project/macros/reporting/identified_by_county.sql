{#- People identified per county over all years and trafficking types, as Protect publishes them (the
    all-years cells of rpt_protect_identifications_by_county, with their suppression): tables that show
    identifications beside something else read these, so nothing can be recovered across two tables. -#}
{% macro identified_by_county() -%}
    select
        county_fips,
        victims_identified,
        victims_identified_suppressed
    from {{ ref('rpt_protect_identifications_by_county') }}
    where {{ county_year_slice('trafficking_type', along='county_fips') }}
{%- endmacro %}
