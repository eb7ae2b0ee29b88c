{{ support_rollup('quarter') }}
