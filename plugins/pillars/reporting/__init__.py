"""The council's Phase II report, built only from the published ``reporting`` schema as ``pillars_reader``.

``render_report(logical_date)`` writes a self-contained HTML file, the figures it shows as JSON, and a
PDF when Chromium is installed, under ``settings.output_dir()/reports/``.
"""

from pillars.reporting.render import ReportResult, render_report

__all__ = ["ReportResult", "render_report"]
