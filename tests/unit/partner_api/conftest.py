"""A reference partner API on a free loopback port, serving cases the test writes."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from pillars.partner_api.faults import FaultPlan
from pillars.partner_api.server import serve_in_thread

TOKEN = "test-token-not-a-secret"


def case(case_id: str, updated_at: str, **fields) -> dict:
    return {"caseId": case_id, "updatedAt": updated_at, "countyFips": "48201", **fields}


@dataclass
class Api:
    url: str
    faults: FaultPlan
    data_dir: object

    def write(self, name: str, records: list[dict]) -> None:
        path = self.data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def api(tmp_path):
    data_dir = tmp_path / "api"
    data_dir.mkdir()
    faults = FaultPlan()
    url, stop = serve_in_thread(port=0, token=TOKEN, data_dir=data_dir, faults=faults)
    yield Api(url, faults, data_dir)
    stop()
