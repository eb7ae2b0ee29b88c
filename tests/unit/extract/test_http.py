"""The REST transport against the real reference API on loopback: retries, throttling, timeouts, bad pages,
expired tokens, pagination and windows landing as files. Sleeping is injected (recorded, not waited)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import pytest

from pillars.errors import PillarsError
from pillars.extract.http import (
    Endpoint,
    PartnerApiClient,
    RetryPolicy,
    fetch_window_to_landing,
    window_file_name,
    window_for_date,
)
from pillars.feeds.declarations.registry import PartnerFeed
from tests.unit.partner_api.conftest import TOKEN, case

DAY = date(2026, 3, 2)
SINCE, BEFORE = window_for_date(DAY, "America/Chicago")
ITEM = PartnerFeed("tx_oag", "prosecution_cases", "http", "json_api", "daily", "partner_api_prosecutors")


def _cases(n: int, day: date = DAY) -> list[dict]:
    start = datetime(day.year, day.month, day.day, 8, tzinfo=SINCE.tzinfo)
    return [case(f"C{day:%d}{i:04d}", (start + timedelta(minutes=i)).isoformat()) for i in range(n)]


def _client(api, token=TOKEN, **policy):
    slept: list[float] = []
    options = {"max_attempts": 4, "base_delay": 1.0, "timeout": 2.0, **policy}
    client = PartnerApiClient(
        Endpoint(api.url, token),
        partner_id="tx_oag",
        conn_id="partner_api_prosecutors",
        page_size=10,
        policy=RetryPolicy(**options),
        sleep=slept.append,
        rand=lambda: 1.0,
    )
    return client, slept


def test_pages_are_followed_until_exhausted(api):
    api.write("a.jsonl", _cases(25))
    client, slept = _client(api)
    records = client.fetch(SINCE, BEFORE)
    assert [r["caseId"] for r in records] == [f"C02{i:04d}" for i in range(25)]
    assert len(api.faults.seen) == 3 and slept == []
    assert all("updated_since=2026-03-02T00%3A00%3A00-06%3A00" in line for line in api.faults.seen)


def test_server_error_then_success_is_retried_with_backoff(api):
    api.write("a.jsonl", _cases(3))
    api.faults.fail(times=2, status=500)
    client, slept = _client(api)
    assert len(client.fetch(SINCE, BEFORE)) == 3
    assert slept == [1.0, 2.0]  # base * 2^(attempt-1), jitter at its top
    assert len(api.faults.seen) == 3


def test_backoff_has_jitter_and_a_cap():
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0)
    assert policy.backoff(1, lambda: 0.0) == 0.5
    assert policy.backoff(3, lambda: 0.5) == 3.0
    assert policy.backoff(10, lambda: 1.0) == 5.0


def test_429_honours_retry_after_seconds(api):
    api.write("a.jsonl", _cases(2))
    api.faults.throttle(retry_after="7")
    client, slept = _client(api)
    assert len(client.fetch(SINCE, BEFORE)) == 2
    assert slept == [7.0]


def test_429_honours_retry_after_as_an_http_date(api):
    api.write("a.jsonl", _cases(2))
    api.faults.throttle(retry_after=format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True))
    client, slept = _client(api)
    assert len(client.fetch(SINCE, BEFORE)) == 2
    assert len(slept) == 1 and 27 <= slept[0] <= 30


def test_retry_after_is_capped_by_the_policy(api):
    api.write("a.jsonl", _cases(1))
    api.faults.throttle(retry_after="86400")
    client, slept = _client(api, max_delay=60.0)
    client.fetch(SINCE, BEFORE)
    assert slept == [60.0]


def test_timeout_is_retried_then_succeeds(api):
    api.write("a.jsonl", _cases(2))
    api.faults.stall(seconds=1.0)
    client, slept = _client(api, timeout=0.3)
    assert len(client.fetch(SINCE, BEFORE)) == 2
    assert len(slept) == 1


def test_timeouts_every_time_give_up_naming_partner_and_page(api):
    api.write("a.jsonl", _cases(2))
    api.faults.stall(seconds=0.5, times=None)
    client, slept = _client(api, timeout=0.2, max_attempts=2)
    with pytest.raises(PillarsError, match=r"partner tx_oag .*gave up on page 1 after 2 attempts .*no answer within"):
        client.fetch(SINCE, BEFORE)
    assert len(slept) == 1


def test_dropped_connection_is_retried(api):
    api.write("a.jsonl", _cases(2))
    api.faults.drop_connection()
    client, slept = _client(api)
    assert len(client.fetch(SINCE, BEFORE)) == 2
    assert len(slept) == 1


def test_persistent_server_errors_give_up_after_max_attempts(api):
    api.faults.fail(times=10, status=503)
    client, slept = _client(api, max_attempts=3)
    with pytest.raises(PillarsError, match=r"gave up on page 1 after 3 attempts \(last: HTTP 503\)"):
        client.fetch(SINCE, BEFORE)
    assert len(api.faults.seen) == 3 and slept == [1.0, 2.0]


def test_expired_token_fails_at_once_naming_partner_and_connection(api):
    api.faults.expire_token()
    client, slept = _client(api)
    with pytest.raises(PillarsError, match=r"partner tx_oag \(connection partner_api_prosecutors\).*HTTP 401"):
        client.fetch(SINCE, BEFORE)
    assert len(api.faults.seen) == 1 and slept == []


def test_wrong_token_fails_at_once(api):
    client, _ = _client(api, token="wrong")
    with pytest.raises(
        PillarsError, match=r"token rejected .* renew the credentials of connection 'partner_api_prosecutors'"
    ):
        client.fetch(SINCE, BEFORE)


def test_malformed_page_names_the_page_and_writes_nothing(api, landing):
    api.write("a.jsonl", _cases(25))
    api.faults.ok(times=1).malformed()
    with pytest.raises(PillarsError, match=r"partner tx_oag .*page 2 is not valid JSON"):
        fetch_window_to_landing(ITEM, DAY, endpoint=Endpoint(api.url, TOKEN), page_size=10)
    assert not any(landing.rglob("*.jsonl")) and not any(landing.rglob("*.part"))


def test_window_lands_as_a_jsonl_file_named_after_the_day(api, landing, monkeypatch):
    monkeypatch.setenv("PILLARS_TIMEZONE", "America/Chicago")
    api.write("a.jsonl", _cases(3) + _cases(2, DAY + timedelta(days=1)) + _cases(1, DAY - timedelta(days=1)))
    path = fetch_window_to_landing(ITEM, DAY, endpoint=Endpoint(api.url, TOKEN))
    assert path == landing / "tx_oag" / "prosecution_cases" / "2026-03-02" / "api-window-2026-03-02.jsonl"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # the .part was renamed, not left behind
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["caseId"] for r in records] == ["C020000", "C020001", "C020002"]

    first = path.read_bytes()
    fetch_window_to_landing(ITEM, DAY, endpoint=Endpoint(api.url, TOKEN))
    assert path.read_bytes() == first  # a re-fetch is byte-identical: the loader finds it unchanged


def test_empty_window_writes_no_file_and_removes_a_stale_one(api, landing):
    api.write("a.jsonl", _cases(2))
    path = fetch_window_to_landing(ITEM, DAY, endpoint=Endpoint(api.url, TOKEN))
    assert path.exists()
    (api.data_dir / "a.jsonl").unlink()
    assert fetch_window_to_landing(ITEM, DAY, endpoint=Endpoint(api.url, TOKEN)) is None
    assert not path.exists()


def test_dst_day_window_is_23_hours():
    since, before = window_for_date(date(2026, 3, 8), "America/Chicago")
    assert before - since == timedelta(hours=23) or (before.astimezone(UTC) - since.astimezone(UTC)) == timedelta(
        hours=23
    )
    assert since.astimezone(UTC).hour == 6 and before.astimezone(UTC).hour == 5
    assert window_file_name(date(2026, 3, 8)) == "api-window-2026-03-08.jsonl"


def test_token_and_endpoint_from_an_airflow_connection(monkeypatch):
    from pillars.extract.http import endpoint_from_airflow_connection, token_from_airflow_connection

    monkeypatch.setenv(
        "AIRFLOW_CONN_PARTNER_API_TEST",
        json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": 5001, "schema": "http", "password": "tok"}),
    )
    assert token_from_airflow_connection("partner_api_test") == "tok"
    endpoint = endpoint_from_airflow_connection("partner_api_test", "prosecution_cases")
    assert endpoint.url == "http://127.0.0.1:5001/v1/cases" and endpoint.token == "tok"
    assert "tok" not in repr(endpoint)


def test_missing_airflow_connection_is_a_pillars_error(monkeypatch):
    from pillars.extract.http import token_from_airflow_connection

    monkeypatch.setenv("AIRFLOW_CONN_SOMETHING_ELSE", "{}")
    monkeypatch.setenv("AIRFLOW_HOME", "/nonexistent-airflow-home")
    with pytest.raises(PillarsError, match="connection 'partner_api_missing'"):
        token_from_airflow_connection("partner_api_missing")


def test_connection_uri_form_is_parsed_without_airflow(monkeypatch):
    from pillars.extract.http import endpoint_from_airflow_connection, parse_connection

    monkeypatch.setenv(
        "AIRFLOW_CONN_PARTNER_API_URI", "http://svc:p%40ss%2Fword@api.example.org:8443/https?path=%2Fv2%2Fcases"
    )
    endpoint = endpoint_from_airflow_connection("partner_api_uri", "prosecution_cases")
    assert endpoint.url == "https://api.example.org:8443/v2/cases" and endpoint.token == "p@ss/word"
    conn = parse_connection("x", 'http://h?__extra__={"path": "/v1/x"}')
    assert conn.host == "h" and conn.port is None and conn.password is None and conn.extra_dejson == {"path": "/v1/x"}


@pytest.mark.parametrize(
    ("value", "message"),
    [("{not json", "not valid JSON"), ("127.0.0.1:5000", "neither a JSON object nor a connection URI"),
     ("http://h:port/", "port is not a number"), ('{"host": "h", "extra": "{"}', "'extra' is not valid JSON")],
)  # fmt: skip
def test_unreadable_connection_is_one_line_naming_the_variable(value, message):
    from pillars.extract.http import parse_connection

    with pytest.raises(PillarsError, match=rf"AIRFLOW_CONN_PARTNER_API_BAD.*{message}"):
        parse_connection("partner_api_bad", value)


def test_fetch_reads_the_connection_from_the_environment(api, landing, monkeypatch):
    """The nightly call as DAGs make it: (item, day) only, base URL and token from AIRFLOW_CONN_*."""
    api.write("a.jsonl", _cases(12))
    host_port = api.url.removeprefix("http://")
    monkeypatch.setenv("AIRFLOW_CONN_PARTNER_API_PROSECUTORS", f"http://:{TOKEN}@{host_port}/http")
    monkeypatch.setenv("PILLARS_TIMEZONE", "America/Chicago")
    path = fetch_window_to_landing(ITEM, DAY)
    assert path is not None and len(path.read_text().splitlines()) == 12
    monkeypatch.setenv("AIRFLOW_CONN_PARTNER_API_PROSECUTORS", f"http://:expired@{host_port}/http")
    with pytest.raises(PillarsError, match=r"partner tx_oag .*token rejected"):
        fetch_window_to_landing(ITEM, DAY)


def test_a_repeated_key_in_an_api_record_reaches_the_window_file_and_is_quarantined(landing):
    """A JSON parser keeps the last of two values in silence; the window keeps both, so the loader refuses it."""
    from pillars.extract.http import _object_keeping_repeats, write_window
    from pillars.feeds.parsing.readers import parse_json_record

    payload = '[{"caseId": "C1", "county": "Harris", "county": "Travis"}, {"caseId": "C2", "county": "Harris"}]'
    records = json.loads(payload, object_pairs_hook=_object_keeping_repeats)
    path = write_window(records, "tx_oag", "prosecution_cases", DAY)
    first, second = path.read_bytes().splitlines()
    assert first == b'{"caseId":"C1","county":"Harris","county":"Travis"}'
    assert parse_json_record(first, 1, 64) == (None, "county", "key 'county' appears twice in the object")
    assert parse_json_record(second, 2, 64)[0] == {"caseId": "C2", "county": "Harris"}
