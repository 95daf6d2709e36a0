"""Spacing sends evenly, at the rate a mail relay accepts.

Hand-written (a few lines) rather than taken from a library: Flask-Limiter and `limits` count hits in a window
and refuse the excess, they do not wait; pyrate-limiter's blocking acquire does wait (its GCRA with burst 1
spaces evenly), but with time.sleep, which the worker's stop request cannot cut short, and it would become a
run-time dependency that today only a test tool pulls in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class Stop(Protocol):
    """What ends a run early: a threading.Event set by the worker on SIGTERM."""

    def wait(self, timeout: float | None = None) -> bool: ...

    def is_set(self) -> bool: ...


class _Never:
    """No stop requested: waiting is sleeping."""

    def wait(self, timeout: float | None = None) -> bool:
        time.sleep(timeout or 0)
        return False

    def is_set(self) -> bool:
        return False


class Pacer:
    """`ready()` before each send returns once the send is due, `rate` a second at most, evenly spaced; False at
    once when a stop is requested, before or while waiting.

    A send that ran late (a slow server) moves the next one later: the pace never bursts to catch up.
    """

    def __init__(self, rate: float, stop: Stop | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._interval = 1 / rate
        self._stop: Stop = stop if stop is not None else _Never()
        self._clock = clock
        self._due = clock()

    def ready(self) -> bool:
        delay = self._due - self._clock()
        if self._stop.wait(delay) if delay > 0 else self._stop.is_set():
            return False
        self._due = max(self._due, self._clock()) + self._interval
        return True
