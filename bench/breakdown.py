"""Wall-clock breakdown of engine calls: chosen functions are wrapped with timers, each charged its
own time (nested wrapped calls excluded), so the parts add up to the total without cProfile's
distortion of Python-heavy code."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, event


class Breakdown:
    def __init__(self) -> None:
        self.own: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._nested: list[float] = []

    def _wrap(self, label: str, function: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = perf_counter()
            self._nested.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = perf_counter() - began
                self.own[label] += elapsed - self._nested.pop()
                self.calls[label] += 1
                if self._nested:
                    self._nested[-1] += elapsed

        return timed

    @contextmanager
    def patched(self, targets: list[tuple[object, str, str]]) -> Iterator[Breakdown]:
        """Wrap `owner.attribute` for each (owner, attribute, label) while the block runs."""
        originals = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]
        try:
            for (owner, name, label), (_, _, original) in zip(targets, originals, strict=True):
                setattr(owner, name, self._wrap(label, original))
            yield self
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)

    def timed(self, label: str, function: Callable, *args: Any) -> Any:
        """Call a function under a label (for the outermost call whose total is wanted)."""
        return self._wrap(label, function)(*args)

    def report(self, operations: int, total_label: str) -> None:
        """Print each part's own time per operation, largest first; the total label's own time is the rest."""
        total = sum(self.own.values())
        for label, seconds in sorted(self.own.items(), key=lambda item: item[1], reverse=True):
            name = f"{label} (the rest)" if label == total_label else label
            print(f"    {name:<58} {seconds / operations * 1000:6.2f} ms/op {seconds / total:6.1%}"
                  f"  ({self.calls[label] / operations:.1f} calls/op)")
        print(f"    {'total':<58} {total / operations * 1000:6.2f} ms/op", flush=True)


_TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", re.IGNORECASE)


class StatementCounter:
    """Counts the SQL statements sent to the database, by verb and first table."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def _count(self, _conn, _cursor, statement: str, *_: Any) -> None:
        verb = statement.split(None, 1)[0].upper()
        table = _TABLE.search(statement)
        self.counts[f"{verb} {table.group(1) if table else ''}".strip()] += 1

    @contextmanager
    def listening(self, engine: Engine) -> Iterator[StatementCounter]:
        event.listen(engine, "before_cursor_execute", self._count)
        try:
            yield self
        finally:
            event.remove(engine, "before_cursor_execute", self._count)

    def report(self, operations: int) -> None:
        total = sum(self.counts.values())
        print(f"  SQL statements per completion: {total / operations:.1f} (plus COMMIT)")
        for statement, count in self.counts.most_common():
            print(f"    {count / operations:5.2f}  {statement}")
