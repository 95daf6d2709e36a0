"""pyHanko's synchronous calls run their coroutines with `asyncio.run`, which refuses to start inside a thread whose
event loop is already running (an async server, or a test process that drives a browser through Playwright's sync
API). There the call goes to a short-lived worker thread instead; everywhere else it runs where it is."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def outside_event_loop(call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop running here: the common case
        return call(*args, **kwargs)
    with ThreadPoolExecutor(1, thread_name_prefix="pyhanko") as worker:
        return worker.submit(call, *args, **kwargs).result()
