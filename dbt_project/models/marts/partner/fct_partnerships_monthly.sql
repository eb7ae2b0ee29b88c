{{ partnership_rollup('month') }}
