"""CPU time each thread has spent in Python's full garbage collections.

A full collection walks every object of the process. In a long-running process with a large heap (the web
application, the worker, a test session of a thousand tests) one can take a second of CPU, and it runs in the thread
whose allocation triggered it: a designer's one-line expression (`reminder_at`) was once stopped for "running over
1 second" because such a collection fell inside it. A script's time budget (engine/bpmn/scripting.py) does not
count this time, up to a bound, since it is the host's heap that the collector walks.
"""

from __future__ import annotations

import gc
import threading
import time

_FULL = 2  # the oldest generation: the only collections that take long


class _ThreadCollections(threading.local):
    spent = 0.0
    started: float | None = None


_threads = _ThreadCollections()


def full_collection_time() -> float:
    """Seconds of this thread's CPU spent in full collections since the process started."""
    return _threads.spent


def _observe(phase: str, info: dict) -> None:
    if info.get("generation") != _FULL:
        return
    if phase == "start":
        _threads.started = time.thread_time()
    elif _threads.started is not None:
        _threads.spent += time.thread_time() - _threads.started
        _threads.started = None


gc.callbacks.append(_observe)
