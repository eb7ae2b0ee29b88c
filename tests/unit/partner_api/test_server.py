"""The reference partner API over real loopback HTTP: auth, windows, ordering, cursors, bad requests."""

from __future__ import annotations

import requests

from tests.unit.partner_api.conftest import TOKEN, case

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _get(api, **params):
    return requests.get(f"{api.url}/v1/cases", params=params, headers=AUTH, timeout=5)


def test_healthz_needs_no_token_and_counts_records(api):
    api.write("a.jsonl", [case("C1", "2026-03-02T10:00:00-06:00")])
    answer = requests.get(f"{api.url}/healthz", timeout=5)
    assert answer.status_code == 200 and answer.json() == {"status": "ok", "records": 1}


def test_binds_loopback_only(api):
    assert api.url.startswith("http://127.0.0.1:")


def test_cases_need_the_bearer_token(api):
    assert requests.get(f"{api.url}/v1/cases", timeout=5).status_code == 401
    wrong = requests.get(f"{api.url}/v1/cases", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Bearer")
    assert _get(api).status_code == 200


def test_window_is_half_open_and_ordered_by_updated_at_then_id(api):
    api.write(
        "one.jsonl",
        [
            case("C3", "2026-03-02T09:00:00-06:00"),
            case("C1", "2026-03-02T09:00:00-06:00"),
            case("C0", "2026-03-02T05:59:59+00:00"),  # one second before the window
            case("C2", "2026-03-02T06:00:00+00:00"),  # exactly its start (00:00 Chicago)
        ],
    )
    api.write("sub/two.jsonl", [case("C9", "2026-03-03T00:00:00-06:00")])  # exactly its end: excluded
    body = _get(api, updated_since="2026-03-02T00:00:00-06:00", updated_before="2026-03-03T00:00:00-06:00").json()
    assert [r["caseId"] for r in body["data"]] == ["C2", "C1", "C3"]
    assert body["next"] is None


def test_pages_follow_the_cursor_to_the_end(api):
    api.write("a.jsonl", [case(f"C{i:03d}", f"2026-03-02T{10 + i // 60:02d}:{i % 60:02d}:00-06:00") for i in range(25)])
    seen, params = [], {"page_size": "10"}
    while True:
        body = _get(api, **params).json()
        seen += [r["caseId"] for r in body["data"]]
        if not body["next"]:
            break
        params["cursor"] = body["next"]
    assert seen == [f"C{i:03d}" for i in range(25)]


def test_latest_version_of_a_case_wins(api):
    api.write("day1.jsonl", [case("C1", "2026-03-02T10:00:00-06:00", disposition="pending")])
    api.write("day2.jsonl", [case("C1", "2026-03-03T10:00:00-06:00", disposition="convicted_plea")])
    body = _get(api).json()
    assert [(r["caseId"], r["disposition"]) for r in body["data"]] == [("C1", "convicted_plea")]


def test_files_written_after_start_are_served(api):
    assert _get(api).json()["data"] == []
    api.write("late.jsonl", [case("C7", "2026-03-02T10:00:00-06:00")])
    assert [r["caseId"] for r in _get(api).json()["data"]] == ["C7"]


def test_bad_requests_say_what_is_wrong(api):
    naive = _get(api, updated_since="2026-03-02T00:00:00")
    assert naive.status_code == 400 and "UTC offset" in naive.json()["error"]
    assert _get(api, page_size="0").status_code == 400
    assert _get(api, page_size="5000").status_code == 400
    assert _get(api, cursor="not-a-cursor").status_code == 400
    assert requests.get(f"{api.url}/v1/nothing", headers=AUTH, timeout=5).status_code == 404


def test_scripted_faults_answer_in_order_then_normal_service_resumes(api):
    api.faults.fail(times=1, status=503).throttle(retry_after="3").expire_token(times=1)
    first, second, third, fourth = (_get(api) for _ in range(4))
    assert first.status_code == 503
    assert second.status_code == 429 and second.headers["Retry-After"] == "3"
    assert third.status_code == 401
    assert fourth.status_code == 200
    assert len(api.faults.seen) == 4


def test_token_from_the_environment(tmp_path, monkeypatch):
    from pillars.partner_api.server import serve_in_thread

    monkeypatch.setenv("PILLARS_PARTNER_API_TOKEN", "from-env")
    url, stop = serve_in_thread(port=0, data_dir=tmp_path)
    try:
        ok = requests.get(f"{url}/v1/cases", headers={"Authorization": "Bearer from-env"}, timeout=5)
        assert ok.status_code == 200
    finally:
        stop()


def test_no_token_at_all_is_refused(tmp_path, monkeypatch):
    import pytest

    from pillars.errors import PillarsError
    from pillars.partner_api.server import make_server

    monkeypatch.delenv("PILLARS_PARTNER_API_TOKEN", raising=False)
    with pytest.raises(PillarsError, match="needs a bearer token"):
        make_server(port=0, data_dir=tmp_path)


def test_a_taken_port_is_a_pillars_error(api):
    import pytest

    from pillars.errors import PillarsError
    from pillars.partner_api.server import make_server

    port = int(api.url.rsplit(":", 1)[1])
    with pytest.raises(PillarsError, match=f"cannot serve the partner API on 127.0.0.1:{port}"):
        make_server(port=port, token="x")
