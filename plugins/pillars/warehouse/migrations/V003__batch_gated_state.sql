-- The ledger as a state machine: loading -> loaded (committed, not yet checked) -> gated (passed the raw
-- quality gate: the only state staging reads), or rejected / failed / replaced. A crash between the load's
-- commit and the gate's end leaves a batch 'loaded', which the next run gates before anything reads it.
-- Batches 'loaded' before this migration are not promoted here (one of them may be exactly such an
-- unchecked batch): the next run of each partner and feed gates them, whatever their date.
alter table ops.batches drop constraint if exists batches_status_check;
alter table ops.batches add constraint batches_status_check
    check (status in ('loading', 'loaded', 'gated', 'replaced', 'rejected', 'failed'));

-- Two deliveries of one partner, feed and date that share natural keys: the later-loaded delivery's row
-- wins each shared key (docs/contracts.md, "Two files for one date"). rows_superseded counts this batch's
-- loaded rows whose key a later gated delivery of the same date carries: still in raw (so a withdrawn or
-- rejected later file gives them back), never read by staging. It is a part of rows_loaded, so
-- rows_read = rows_loaded + rows_quarantined still holds.
alter table ops.batches add column if not exists rows_superseded bigint not null default 0;
