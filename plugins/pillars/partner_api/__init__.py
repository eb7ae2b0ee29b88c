"""A reference partner API: the prosecution cases a prosecutor's case system would serve, over loopback.

The demo and the tests point it at generated JSON Lines files, and tests script its failures
(:class:`~pillars.partner_api.faults.FaultPlan`) to prove the extraction client copes with real HTTP.
"""
