-- Schemas of the warehouse and least-privilege grants for the three application roles.
-- Idempotent: safe to run on every bootstrap. Roles are created (with passwords) by bootstrap.py.

create schema if not exists raw;
create schema if not exists staging;
create schema if not exists marts;
create schema if not exists reporting;
create schema if not exists ops;
create schema if not exists quarantine;

revoke all on schema public from public;
revoke all on database {{database}} from public;
grant connect on database {{database}} to pillars_loader, pillars_transformer, pillars_reader;
-- the transformer builds the candidate reporting state in reporting_next, made for it by V004; it creates no schema
grant temporary on database {{database}} to pillars_transformer;

-- pillars_loader: writes raw, quarantine and ops; reads nothing else.
grant usage, create on schema raw, quarantine, ops to pillars_loader;

-- pillars_transformer: reads raw (and the ops ledger and quarantine, for the Phase II completeness marts),
-- owns staging and marts (reporting belongs to pillars_publisher: V004).
grant usage on schema raw, ops, quarantine to pillars_transformer;
grant select on all tables in schema raw, ops, quarantine to pillars_transformer;
alter default privileges for role pillars_loader in schema raw, ops, quarantine
    grant select on tables to pillars_transformer;
alter schema staging owner to pillars_transformer;
alter schema marts owner to pillars_transformer;

-- pillars_reader (BI): SELECT on reporting only.
grant usage on schema reporting to pillars_reader;
grant select on all tables in schema reporting to pillars_reader;
alter default privileges for role pillars_transformer in schema reporting
    grant select on tables to pillars_reader;
