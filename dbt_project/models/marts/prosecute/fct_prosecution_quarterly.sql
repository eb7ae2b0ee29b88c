{{ prosecution_rollup('quarter') }}
