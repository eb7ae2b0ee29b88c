{{ identification_rollup('quarter') }}
