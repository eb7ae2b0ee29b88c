{{ support_rollup('month') }}
