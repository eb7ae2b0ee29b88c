"""The thread that sends COPY text: every block in order, and the first error stops both sides."""

from __future__ import annotations

import pytest

from pillars.load.loader import _sender


class _Recorder:
    """Stands in for psycopg's Copy object: only its ``write`` is used by the sender."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.written: list[str] = []
        self.fail_on = fail_on

    def write(self, text: str) -> None:
        if text == self.fail_on:
            raise RuntimeError(f"server refused {text}")
        self.written.append(text)


def test_blocks_arrive_in_order_each_ending_a_line():
    copy = _Recorder()
    with _sender(copy) as send:
        for i in range(50):
            send(f"block {i}")
    assert copy.written == [piece for i in range(50) for piece in (f"block {i}", "\n")]


def test_a_failed_write_reaches_the_producer():
    copy = _Recorder(fail_on="block 3")
    with pytest.raises(RuntimeError, match="server refused block 3"), _sender(copy) as send:
        for i in range(1000):
            send(f"block {i}")
    assert "block 4" not in copy.written


def test_a_producer_error_stops_the_sender():
    copy = _Recorder()
    with pytest.raises(ValueError, match="bad file"), _sender(copy) as send:
        send("block 0")
        raise ValueError("bad file")
    assert copy.written == ["block 0", "\n"]
