"""Synthetic partner data: realistic deliveries from every registered partner, with realistic defects.

Public entry point: :func:`generate` (files for a range of dates, and a :class:`GeneratedManifest`).
``pillars feeds generate`` is added through :func:`register_generate`. The ingestion benchmark's single
large file is :func:`pillars.bench.feed_sample.write_sample`, not duplicated here.
"""

from __future__ import annotations

from pillars.synthetic.cli import add_generate_arguments, register_generate, run_generate
from pillars.synthetic.generate import GeneratedManifest, generate

__all__ = [
    "GeneratedManifest",
    "add_generate_arguments",
    "generate",
    "register_generate",
    "run_generate",
]
