{{ prosecution_rollup('month') }}
