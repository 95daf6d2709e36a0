"""What every benchmark shares: a fresh database, the engine over it, timing statistics, printing."""

from __future__ import annotations

import os
import statistics
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from time import perf_counter, process_time

from sqlalchemy import text

from engine.clock import Clock
from engine.core import Planflow
from engine.db import Base, make_engine

# The plans of the benchmarks are written on 1 March 2024, under the 3-level tree.
BENCH_NOW = datetime(2024, 3, 1, 8, 0)
CACHE_DIR = Path(__file__).resolve().parent / ".cache"


@dataclass
class Database:
    """Where a benchmark writes: a SQLite file in a temp dir, or the PostgreSQL database given."""

    url: str
    path: Path | None  # the SQLite file, for its size

    def size_bytes(self, planflow: Planflow) -> int:
        if self.path is not None:
            wal = self.path.with_name(self.path.name + "-wal")
            return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        with planflow.db.connect() as connection:
            return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def fresh_database(name: str, url: str | None) -> Database:
    """A new SQLite file, or the given database with every planflow table dropped (then recreated by init)."""
    if url is None:
        path = Path(tempfile.mkdtemp(prefix="planflow-bench-")) / f"{name}.sqlite3"
        return Database(f"sqlite:///{path}", path)
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return Database(url, None)


def new_planflow(database: Database) -> Planflow:
    """The engine over the database, schema created and workflows deployed, clock at BENCH_NOW."""
    planflow = Planflow(url=database.url, clock=Clock(BENCH_NOW))
    planflow.init()
    return planflow


def remove_database(database: Database) -> None:
    if database.path is not None:
        for path in database.path.parent.glob(database.path.name + "*"):
            path.unlink()
        os.rmdir(database.path.parent)


# --- timing, statistics and printing --------------------------------------------------------------
# Other work may share the machine: every figure is taken as wall time and as this process's CPU
# time (SQLite runs in-process, so its work is included; waits for the disk or the CPU are not).


class Stopwatch:
    """`with Stopwatch() as watch:` ... then `watch.wall` and `watch.cpu`, in seconds."""

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = perf_counter(), process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = perf_counter() - self._wall, process_time() - self._cpu


@dataclass
class Samples:
    """Wall and CPU seconds of repeated operations."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, watch: Stopwatch) -> None:
        self.wall.append(watch.wall)
        self.cpu.append(watch.cpu)

    def __add__(self, other: Samples) -> Samples:
        return Samples(self.wall + other.wall, self.cpu + other.cpu)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p90(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.2f} ms"


def ratio(engine: float, floor: float) -> str:
    return f"{engine / floor:4.2f}×" if floor > 0 else "n/a"


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def heading(title: str) -> None:
    print(f"\n== {title} ==\n  {load_average()}", flush=True)


def compare_row(label: str, floor: Samples, engine: Samples, target: float | None = None) -> None:
    """Two lines: wall median and p90 of floor and engine with their ratio, then the same for CPU time."""
    for kind, floor_s, engine_s in (("wall", floor.wall, engine.wall), ("cpu", floor.cpu, engine.cpu)):
        floor_med, engine_med = median(floor_s), median(engine_s)
        line = (f"  {label if kind == 'wall' else '':<30} {kind:<4} n={len(engine_s):<4} floor median "
                f"{ms(floor_med)} p90 {ms(p90(floor_s))} | engine median {ms(engine_med)} p90 "
                f"{ms(p90(engine_s))} | ratio {ratio(engine_med, floor_med)} "
                f"(p90 {ratio(p90(engine_s), p90(floor_s))})")
        if target is not None:
            line += f"  target ≤ {target:g}×: {verdict(engine_med / floor_med, target)}"
        print(line, flush=True)
