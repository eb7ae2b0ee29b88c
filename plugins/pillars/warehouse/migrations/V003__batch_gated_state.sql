-- The ledger as a state machine: loading -> loaded (committed, not yet checked) -> gated (passed the raw
-- quality gate: the only state staging reads), or rejected / failed / replaced. A crash between the load's
-- commit and the gate's end leaves a batch 'loaded', which the next run gates before anything reads it.
alter table ops.batches drop constraint if exists batches_status_check;
alter table ops.batches add constraint batches_status_check
    check (status in ('loading', 'loaded', 'gated', 'replaced', 'rejected', 'failed'));
