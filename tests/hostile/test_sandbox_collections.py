"""A script's time bound and Python's full garbage collections (engine/bpmn/collector.py).

A full collection walks the whole heap of a long-running process, and it runs inside whatever code allocated last.
A designer's one-line expression (`reminder_at` at 'deadline_near') was once stopped for "running over 1 second"
because such a collection fell inside it. The collection is not the script's time, up to a bound: a script that
makes the collector run on purpose still stops."""

from __future__ import annotations

import gc
import time

import pytest

from engine.bpmn.scripting import COLLECTIONS_FORGIVEN, SafeEnvironment, SandboxFailure


@pytest.fixture(scope="module")
def heap_collection_seconds():
    """A heap large enough that one full collection takes measurable CPU; its duration, measured."""
    heap = [[] for _ in range(400_000)]
    gc.collect()
    started = time.thread_time()
    gc.collect()
    yield time.thread_time() - started
    del heap


def test_an_expression_during_which_the_collector_walks_the_heap_is_not_stopped(heap_collection_seconds) -> None:
    # The collection alone takes twice the expression's bound.
    environment = SafeEnvironment(time_limit=heap_collection_seconds / 2)

    assert environment.evaluate("collected() + 1", {}, {"collected": gc.collect}) >= 1


def test_a_script_that_keeps_the_collector_running_is_still_stopped(heap_collection_seconds) -> None:
    environment = SafeEnvironment(time_limit=heap_collection_seconds / 2)
    collections = 4 * COLLECTIONS_FORGIVEN  # twice the collection time forgiven, and more

    with pytest.raises(SandboxFailure, match="chạy quá .* giây và đã bị dừng"):
        environment.evaluate(f"[collected() for _ in range({collections})]", {}, {"collected": gc.collect})
