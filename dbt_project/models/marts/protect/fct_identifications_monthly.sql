{{ identification_rollup('month') }}
