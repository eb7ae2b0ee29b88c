"""The dashboard spec as a Superset asset bundle (the zip ``superset`` exports and imports), built in code.

Every object's UUID is derived from its key in the spec, so importing the bundle again updates the same
database connection, datasets, charts and dashboard in place instead of adding copies. The connection URL
carries a masked password: the bundle holds no secret (the importer is given the reader's password).
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from pillars.bi.spec import Chart, Dashboard

VERSION = "1.0.0"
DATABASE_NAME = "Pillars reporting"
SCHEMA = "reporting"
PASSWORD_MASK = "X" * 10  # what Superset writes in place of a password in its exports
_NAMESPACE = uuid.UUID("6f1d2c1e-3a57-4c0b-9a54-70696c6c6172")
ROW_LIMIT = 1000
CHARTS_PER_ROW = 2


def object_uuid(kind: str, name: str) -> str:
    """A stable identity for one object of the bundle: re-imports update it in place."""
    return str(uuid.uuid5(_NAMESPACE, f"pillars.bi/{kind}/{name}"))


def metric_label(chart: Chart) -> str:
    """The column name of the chart's value in Superset's results (the test reads it back)."""
    return chart.measure.replace("_", " ")


def _masked(url: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}:{PASSWORD_MASK}@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _database(reader_url: str) -> dict[str, Any]:
    return {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": _masked(reader_url),
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_csv_upload": False,
        "extra": {"metadata_params": {}, "engine_params": {}, "schemas_allowed_for_csv_upload": []},
        "uuid": object_uuid("database", DATABASE_NAME),
        "version": VERSION,
    }


def _dataset(table: str) -> dict[str, Any]:
    # Columns are read from the warehouse after the import (as pillars_reader), not restated here.
    return {
        "table_name": table,
        "schema": SCHEMA,
        "sql": None,
        "columns": [],
        "metrics": [],
        "uuid": object_uuid("dataset", table),
        "database_uuid": object_uuid("database", DATABASE_NAME),
        "version": VERSION,
    }


def chart_where(chart: Chart) -> str:
    """The SQL filter of the chart: bars also leave suppressed cells out (a missing bar, never a 0 bar)."""
    if chart.kind == "bar" and chart.flag:
        return f"{chart.where_sql} and not {chart.flag}"
    return chart.where_sql


def _filter(chart: Chart) -> dict[str, Any]:
    return {
        "clause": "WHERE",
        "expressionType": "SQL",
        "sqlExpression": chart_where(chart),
        "subject": None,
        "operator": None,
        "comparator": None,
        "filterOptionName": f"filter_{chart.key}",
        "isExtra": False,
        "isNew": False,
    }


def _metric(chart: Chart) -> dict[str, Any]:
    return {
        "expressionType": "SQL",
        "sqlExpression": f"{chart.aggregate.upper()}({chart.measure})",
        "label": metric_label(chart),
        "hasCustomLabel": True,
        "optionName": f"metric_{chart.key}",
    }


def _shown_value(chart: Chart) -> dict[str, Any]:
    """A table cell: the published count, or the word "suppressed" (never blank, never 0)."""
    expression = f"{chart.measure}::text"
    if chart.flag:
        expression = f"case when {chart.flag} then 'suppressed' else {chart.measure}::text end"
    return {"expressionType": "SQL", "sqlExpression": expression, "label": metric_label(chart)}


def _params(chart: Chart) -> dict[str, Any]:
    common = {"datasource": "0__table", "adhoc_filters": [_filter(chart)], "row_limit": ROW_LIMIT}
    if chart.kind == "table":
        return {
            **common,
            "viz_type": "table",
            "query_mode": "raw",
            "all_columns": [chart.axis, _shown_value(chart)],
            "order_by_cols": [json.dumps([chart.axis, True])],
            "server_pagination": False,
            "include_search": False,
            "table_timestamp_format": "smart_date",
        }
    return {
        **common,
        "viz_type": "echarts_timeseries_bar",
        "x_axis": chart.axis,
        "xAxisForceCategorical": True,
        "x_axis_sort_asc": True,
        "xAxisLabelRotation": 45,
        "metrics": [_metric(chart)],
        "groupby": [],
        "orientation": "vertical",
        "show_value": True,
        "show_legend": False,
        "rich_tooltip": True,
        "y_axis_format": "SMART_NUMBER",
        "color_scheme": "supersetColors",
    }


def _query_context(chart: Chart, params: dict[str, Any]) -> str:
    """What Superset's chart data API runs for the chart (the UI builds the same query from ``params``)."""
    if chart.kind == "table":
        query = {"columns": params["all_columns"], "metrics": [], "orderby": [[chart.axis, True]]}
    else:
        query = {"columns": [chart.axis], "metrics": params["metrics"], "orderby": [[chart.axis, True]]}
    query |= {
        "filters": [],
        "extras": {"where": chart_where(chart), "having": ""},
        "row_limit": ROW_LIMIT,
        "annotation_layers": [],
        "url_params": {},
    }
    return json.dumps(
        {
            "datasource": {"id": 0, "type": "table"},
            "force": False,
            "queries": [query],
            "form_data": params,
            "result_format": "json",
            "result_type": "full",
        }
    )


def _chart(chart: Chart) -> dict[str, Any]:
    params = _params(chart)
    return {
        "slice_name": chart.title,
        "description": f"{chart.pillar} pillar, from reporting.{chart.table}",
        "viz_type": params["viz_type"],
        "params": params,
        "query_context": _query_context(chart, params),
        "cache_timeout": None,
        "uuid": object_uuid("chart", chart.key),
        "dataset_uuid": object_uuid("dataset", chart.table),
        "version": VERSION,
    }


def _position(dashboard: Dashboard) -> dict[str, Any]:
    """Superset's layout tree: rows of charts in the spec's order."""
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": dashboard.title}},
    }
    charts = dashboard.charts
    for start in range(0, len(charts), CHARTS_PER_ROW):
        row_id = f"ROW-{start // CHARTS_PER_ROW + 1}"
        position["GRID_ID"]["children"].append(row_id)
        row = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"]}
        row["meta"] = {"background": "BACKGROUND_TRANSPARENT"}
        position[row_id] = row
        for number, chart in enumerate(charts[start : start + CHARTS_PER_ROW], start=start + 1):
            chart_id = f"CHART-{chart.key}"
            row["children"].append(chart_id)
            position[chart_id] = {
                "type": "CHART",
                "id": chart_id,
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
                "meta": {
                    "uuid": object_uuid("chart", chart.key),
                    # a placeholder id: the importer maps it, through the uuid, to the chart's real id
                    "chartId": number,
                    "sliceName": chart.title,
                    "width": 12 // CHARTS_PER_ROW,
                    "height": 50,
                },
            }
    return position


def _dashboard(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "dashboard_title": dashboard.title,
        "description": None,
        "css": "",
        "slug": dashboard.slug,
        "uuid": object_uuid("dashboard", dashboard.slug),
        "position": _position(dashboard),
        "metadata": {
            "native_filter_configuration": [],
            "cross_filters_enabled": False,
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "timed_refresh_immune_slices": [],
            "default_filters": "{}",
            "color_scheme": "supersetColors",
        },
        "published": True,
        "version": VERSION,
    }


def contents(dashboard: Dashboard, reader_url: str) -> dict[str, str]:
    """File name -> YAML text of every object, as in a Superset export."""
    files: dict[str, Any] = {
        "metadata.yaml": {"version": VERSION, "type": "assets", "timestamp": datetime.now(UTC).isoformat()},
        "databases/pillars_reporting.yaml": _database(reader_url),
        **{f"datasets/pillars_reporting/{t}.yaml": _dataset(t) for t in dashboard.tables},
        **{f"charts/{c.key}.yaml": _chart(c) for c in dashboard.charts},
        f"dashboards/{dashboard.slug}.yaml": _dashboard(dashboard),
    }
    return {name: yaml.safe_dump(body, sort_keys=True, allow_unicode=True) for name, body in files.items()}


def write(dashboard: Dashboard, reader_url: str, path: Path) -> Path:
    """The bundle as a zip (one top folder, as Superset writes them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in contents(dashboard, reader_url).items():
            archive.writestr(f"pillars_bi/{name}", text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
