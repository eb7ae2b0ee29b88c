"""Partner feeds: the contracts that describe them, the partner registry, and the parsing/validation core.

Contracts (``contracts/<feed>.yml``) and code lists (``codes.yml``) are the single statement of what a
feed looks like; everything else -- parser, raw DDL, dbt sources, GX suites -- is derived from them.
"""
