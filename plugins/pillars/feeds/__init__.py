"""Partner feeds, in four rooms named by their job.

- :mod:`pillars.feeds.declarations` -- the YAML declarations and their typed models: feed contracts
  (``declarations/contracts/<feed>.yml``), code lists (``codes.yml``), the partner registry
  (``partners.yml``) and partner mappings (``mappings/<name>.yml``). They are the single statement of what a
  feed looks like; everything else -- parser, raw DDL, dbt sources, GX suites -- is derived from them.
- :mod:`pillars.feeds.parsing` -- reading partner files and validating their rows.
- :mod:`pillars.feeds.copy_encoding` -- PostgreSQL COPY text and binary formats.
- :mod:`pillars.feeds.codegen` -- the dbt sources and seeds rendered from the declarations.
"""
