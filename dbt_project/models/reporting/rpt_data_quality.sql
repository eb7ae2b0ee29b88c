{#- Where partner data breaks the feed contracts: rejections per partner, feed, contract field and month.
    Only field names are published -- the loader's reason text and masked values stay in quarantine. -#}

select
    partner_id::text as partner_id,
    feed::text as feed,
    field::text as field,
    month_start::date as month_start,
    row_rejections::bigint as row_rejections,
    files_rejected::bigint as files_rejected,
    batches_affected::bigint as batches_affected
from {{ ref('fct_quarantine_by_field') }}
