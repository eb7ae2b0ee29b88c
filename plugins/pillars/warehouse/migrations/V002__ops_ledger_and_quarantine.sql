-- The ingestion ledger (one row per delivered batch) and the quarantine of rejected rows.
-- rows_read = rows_loaded + rows_quarantined for every loaded batch: the reconciliation invariant.

create table if not exists ops.batches (
    batch_id uuid primary key,
    partner_id text not null,
    feed text not null,
    logical_date date not null,
    source_file text not null,
    checksum text not null,
    status text not null check (status in ('loading', 'loaded', 'replaced', 'rejected', 'failed')),
    rows_read bigint not null default 0,
    rows_loaded bigint not null default 0,
    rows_quarantined bigint not null default 0,
    reason text,
    replaced_by uuid references ops.batches (batch_id),
    started_at timestamptz not null default now(),
    finished_at timestamptz
);
create index if not exists batches_partner_feed_date on ops.batches (partner_id, feed, logical_date);
-- One delivery per partner, feed and date is loaded at a time: the loader serialises on an advisory lock,
-- and a corrected file is inserted (as 'loading') before the batch it replaces is superseded.
drop index if exists ops.batches_one_current_per_file;

create table if not exists quarantine.rejected_rows (
    batch_id uuid not null references ops.batches (batch_id) on delete cascade,
    partner_id text not null,
    feed text not null,
    source_file text not null,
    source_line integer not null,
    field text,
    value_masked text,
    reason text not null,
    logical_date date not null
);
create index if not exists rejected_rows_batch on quarantine.rejected_rows (batch_id);

create table if not exists ops.quality_results (
    run_id text not null,
    checkpoint text not null,
    suite text not null,
    table_name text,
    expectation text not null,
    column_name text,
    success boolean not null,
    severity text not null default 'fail',
    observed text,
    logical_date date,
    evaluated_at timestamptz not null default now()
);

create table if not exists ops.publications (
    publication_id bigserial primary key,
    logical_date date not null,
    published_at timestamptz not null default now(),
    gate_run_id text,
    status text not null check (status in ('published', 'blocked')),
    reason text
);

alter table ops.batches owner to pillars_loader;
alter table quarantine.rejected_rows owner to pillars_loader;
grant select on ops.batches, quarantine.rejected_rows to pillars_transformer;
grant select, insert on ops.quality_results, ops.publications to pillars_transformer;
grant usage, select on sequence ops.publications_publication_id_seq to pillars_transformer;
