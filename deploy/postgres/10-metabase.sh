#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised: Metabase's own application database.
# The warehouse (roles, schemas, grants, the Airflow database) is not made here but by the
# `pillars-init` service (`pillars db bootstrap`), which re-applies on every `up` and so also upgrades.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v mb_password="$METABASE_DB_PASSWORD" <<'SQL'
select format('create role metabase login password %L', :'mb_password')
where not exists (select 1 from pg_roles where rolname = 'metabase') \gexec
select 'create database metabase owner metabase'
where not exists (select 1 from pg_database where datname = 'metabase') \gexec
SQL
