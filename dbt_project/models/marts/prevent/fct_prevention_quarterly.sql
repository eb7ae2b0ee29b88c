{{ prevention_rollup('quarter') }}
