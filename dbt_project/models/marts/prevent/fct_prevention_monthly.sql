{{ prevention_rollup('month') }}
