-- The publish gate, enforced by the database: only pillars_publisher (the publish step's own role) owns and
-- swaps `reporting`. The transformer builds the candidate in `reporting_next`, a schema made for it (dbt only
-- creates schemas missing from its listing), and can create no schema: it cannot write `reporting` however its
-- code is changed. The publisher is a member of the transformer so that, at the swap, it can take over the
-- candidate schema and its tables; the transformer is not a member of the publisher.

grant connect on database {{database}} to pillars_publisher;
revoke create on database {{database}} from pillars_transformer;
grant temporary on database {{database}} to pillars_transformer;
grant create on database {{database}} to pillars_publisher;
grant pillars_transformer to pillars_publisher;

create schema if not exists reporting_next authorization pillars_transformer;
alter schema reporting_next owner to pillars_transformer;

-- `reporting` (and the state kept from the last swap) belong to the publisher, tables included.
alter schema reporting owner to pillars_publisher;
do $$
declare
    rel record;
begin
    for rel in
        select n.nspname, c.relname,
               case c.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('reporting', 'reporting_previous') and c.relkind in ('r', 'p', 'v', 'm')
    loop
        execute format('alter %s %I.%I owner to pillars_publisher', rel.kind, rel.nspname, rel.relname);
    end loop;
    if exists (select 1 from pg_namespace where nspname = 'reporting_previous') then
        alter schema reporting_previous owner to pillars_publisher;
    end if;
end
$$;
-- The transformer reads what is published (the publish gate compares the candidate with it), BI too.
grant usage on schema reporting to pillars_transformer, pillars_reader;
grant select on all tables in schema reporting to pillars_transformer, pillars_reader;
alter default privileges for role pillars_publisher in schema reporting
    grant select on tables to pillars_transformer, pillars_reader;
grant select, insert on ops.publications to pillars_publisher;
grant usage, select on sequence ops.publications_publication_id_seq to pillars_publisher;

-- Landing retention: a gated batch's file (names, dates of birth) is deleted once the retention has passed;
-- the ledger row stays, with its checksum, the file's size and when it was purged. A purged file is not a
-- withdrawn one: re-running its date leaves the batch current.
alter table ops.batches add column if not exists file_bytes bigint;
alter table ops.batches add column if not exists purged_at timestamptz;
