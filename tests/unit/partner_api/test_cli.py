"""``pillars partner-api serve`` as a person runs it: a real process answering on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from pillars.orchestration.live import free_port


def test_serve_command_answers_with_the_token_from_the_environment(tmp_path):
    (tmp_path / "cases.jsonl").write_text(json.dumps({"caseId": "C1", "updatedAt": "2026-03-02T10:00:00-06:00"}) + "\n")
    port = free_port()
    env = {**os.environ, "PILLARS_PARTNER_API_TOKEN": "cli-token"}
    cmd = [str(Path(sys.executable).parent / "pillars"), "partner-api", "serve", "--port", str(port)]
    process = subprocess.Popen([*cmd, "--data-dir", str(tmp_path)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert "1 case(s)" in process.stdout.readline()
        deadline = time.monotonic() + 20
        while True:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.1)
        assert health.json()["records"] == 1
        cases = requests.get(
            f"http://127.0.0.1:{port}/v1/cases", headers={"Authorization": "Bearer cli-token"}, timeout=5
        )
        assert [r["caseId"] for r in cases.json()["data"]] == ["C1"]
    finally:
        process.terminate()
        process.wait(timeout=10)
