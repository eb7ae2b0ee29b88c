"""Declarations: what a feed, a code list and a partner *are*, stated in YAML and read into typed models.

Feed contracts (``contracts/<feed>.yml``), code lists (``codes.yml``), the partner registry
(``partners.yml``) and partner mappings (``mappings/<name>.yml``) live here with the modules that read and
check them, the Texas county list, the delivery calendar the registry implies, and the tool that proposes a
mapping from a partner's sample. Every other room derives from these files; none restates them.
"""
