{#- A registry cadence (partner_feeds.cadence) as the period it asks for one delivery in: the date_trunc
    unit a period starts on, and the interval to the next period. Anything but daily, weekly or monthly is
    quarterly. -#}
{% macro cadence_unit(cadence) -%}
    case {{ cadence }}
        {%- for name, period in _cadence_periods().items() %} when '{{ name }}' then '{{ period[0] }}'{% endfor %}
        else 'quarter'
    end
{%- endmacro %}

{% macro cadence_interval(cadence) -%}
    case {{ cadence }}
        {%- for name, period in _cadence_periods().items() %}
        when '{{ name }}' then interval '{{ period[1] }}'
        {%- endfor %}
        else interval '3 months'
    end
{%- endmacro %}

{% macro _cadence_periods() -%}
    {{ return({'daily': ('day', '1 day'), 'weekly': ('week', '1 week'), 'monthly': ('month', '1 month')}) }}
{%- endmacro %}
