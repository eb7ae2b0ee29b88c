"""Great Expectations quality gates: the raw-layer suite per delivered batch and the publish checkpoint.

``raw_gate.check_batch`` runs after each partner file is loaded and withdraws a batch that breaks its
contract; ``publish_gate.run_publish_gate`` runs over ``marts`` and ``reporting_next`` before the swap into
``reporting``. Both run their checks inside PostgreSQL, record every expectation in
``ops.quality_results`` and render GX Data Docs under ``expectations/uncommitted/``.
"""
