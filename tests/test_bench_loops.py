"""Benchmark (f) (bench/loops.py) drives both loop shapes through the engine and reports what it measured: run
here with a few rounds on SQLite; its sizes are compared, nothing is timed."""

from __future__ import annotations

import re

from bench import loops


def test_the_loop_benchmark_reports_both_shapes_flat_and_the_kept_rounds_growing(capsys) -> None:
    loops.main(["--rounds", "6"])
    printed = capsys.readouterr().out

    sizes = re.findall(r"state +[\d.]+ KB, +(\d+) tasks → +[\d.]+ KB, +(\d+) tasks", printed)
    assert len(sizes) == 6  # three shapes, warm and cold
    gateway, looped, kept = sizes[:3]
    assert gateway[0] == gateway[1] and looped[0] == looped[1]
    assert int(kept[1]) > int(kept[0]) + 4 * 10  # each kept round leaves its tasks behind
    assert "finished rounds kept (before)" in printed
