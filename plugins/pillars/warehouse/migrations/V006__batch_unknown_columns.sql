-- Schema drift in the ledger: the columns of a delivery that neither the contract nor the partner's mapping
-- knows. Their values are never stored (they could hold identifiers); their names and how many of their
-- cells were non-empty are, so a renamed or new partner column is seen the night it appears.
-- {"isSexualExploit": 4120} -- empty object when every column was known or declared 'ignore'.
alter table ops.batches add column if not exists unknown_columns jsonb not null default '{}'::jsonb;
comment on column ops.batches.unknown_columns is
    'Unknown column -> non-empty cells in the delivery (schema drift); never the values themselves.';
