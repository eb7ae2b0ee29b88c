"""Code generation: the dbt inputs (sources YAML, reference seeds, partner-feed seed) rendered from the
declarations, so dbt never restates a contract, a code list or the registry by hand.
"""
