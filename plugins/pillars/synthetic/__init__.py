"""Synthetic partner data: realistic deliveries from every registered partner, with realistic defects.

Public entry points: :func:`generate` (files for a range of dates, and a manifest), and
:func:`generate_victim_services_csv` (a fast single large file for benchmarks). ``pillars feeds generate``
is added through :func:`register_generate`.
"""

from __future__ import annotations

from pillars.synthetic.bigfile import generate_victim_services_csv
from pillars.synthetic.cli import add_generate_arguments, register_generate, run_generate
from pillars.synthetic.generate import generate

__all__ = [
    "add_generate_arguments",
    "generate",
    "generate_victim_services_csv",
    "register_generate",
    "run_generate",
]
