{{ partnership_rollup('quarter') }}
