"""Failures a test scripts for the reference partner API: each queued fault answers the next request(s).

Faults apply to the data endpoints only (``/healthz`` always answers), in the order they were queued, so
a test reads like the story it checks: "two 500s, then a 429 with Retry-After, then the real page".
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field


@dataclass
class Fault:
    """One scripted answer: ``kind`` is ok, status, throttle, malformed, stall, expired or drop."""

    kind: str
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    times: int | None = 1  # None: every request from now on


@dataclass
class FaultPlan:
    """The queue of faults and a log of the requests the server saw (path and query, in order)."""

    _queue: deque[Fault] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    seen: list[str] = field(default_factory=list)

    def _add(self, fault: Fault) -> FaultPlan:
        with self._lock:
            self._queue.append(fault)
        return self

    def ok(self, times: int = 1) -> FaultPlan:
        """Answer the next ``times`` requests normally (to aim a later fault at, say, page 2)."""
        return self._add(Fault("ok", times=times))

    def fail(self, times: int = 1, status: int = 500) -> FaultPlan:
        """Answer the next ``times`` requests with ``status`` (a server error by default)."""
        return self._add(Fault("status", status=status, times=times))

    def throttle(self, retry_after: str | None = "1", times: int = 1) -> FaultPlan:
        """Answer 429 Too Many Requests with ``Retry-After`` (seconds or an HTTP date; None omits it)."""
        return self._add(Fault("throttle", status=429, retry_after=retry_after, times=times))

    def malformed(self, times: int = 1) -> FaultPlan:
        """Answer 200 with a page cut off mid-JSON, as a proxy that dropped the connection would."""
        return self._add(Fault("malformed", status=200, times=times))

    def stall(self, seconds: float, times: int = 1) -> FaultPlan:
        """Wait ``seconds`` before answering, to run past the client's timeout."""
        return self._add(Fault("stall", seconds=seconds, times=times))

    def expire_token(self, times: int | None = None) -> FaultPlan:
        """Reject the (correct) token as expired with 401, from now on unless ``times`` is given."""
        return self._add(Fault("expired", status=401, times=times))

    def drop_connection(self, times: int = 1) -> FaultPlan:
        """Close the connection without an answer (the client sees a connection error)."""
        return self._add(Fault("drop", times=times))

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()

    def take(self, request_line: str) -> Fault | None:
        """The fault for this request, if any; records the request."""
        with self._lock:
            self.seen.append(request_line)
            if not self._queue:
                return None
            fault = self._queue[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._queue.popleft()
            return fault
