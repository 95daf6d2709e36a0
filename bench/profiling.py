"""cProfile summaries: own time by package, and the functions with the most own time."""

from __future__ import annotations

import cProfile
import pstats
from collections import defaultdict

# Where a function's file lies decides its package; the first match wins.
PACKAGES = (
    ("sqlalchemy/", "SQLAlchemy (ORM, Core, pool)"),
    ("SpiffWorkflow/", "SpiffWorkflow"),
    ("psycopg", "psycopg (PostgreSQL driver)"),
    ("RestrictedPython/", "RestrictedPython"),
    ("jsonschema", "jsonschema (+ referencing, rpds)"),
    ("referencing/", "jsonschema (+ referencing, rpds)"),
    ("/work/main/engine/", "engine/ (planflow)"),
    ("/json/", "json (stdlib)"),
    ("uuid.py", "uuid (stdlib)"),
)


def _package(filename: str, function: str) -> str:
    if filename == "~":
        if "sqlite3" in function:
            return "sqlite3 (C: SQL execution, commit)"
        if "json" in function:
            return "json (stdlib)"
        return "builtins (C)"
    return next((label for marker, label in PACKAGES if marker in filename), "other Python")


def report(profile: cProfile.Profile, operations: int, top: int = 10) -> None:
    """Print own time per operation by package, then the top functions by own time."""
    stats = pstats.Stats(profile)
    total = stats.total_tt
    print(f"  cProfile over {operations} operations: {total / operations * 1000:.2f} ms each under the "
          "profiler (it inflates Python-heavy code: read shares, not absolute times)")
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        by_package[_package(filename, function)] += own
    for package, own in sorted(by_package.items(), key=lambda item: item[1], reverse=True):
        print(f"    {package:<40} {own / total:6.1%}")
    print(f"  top {top} functions by own time:")
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, function), (_cc, primitive, own, _cum, _callers) in ranked:
        where = filename.split("site-packages/")[-1].replace("/work/main/", "").split("/lib/python3.11/")[-1]
        print(f"    {own / total:6.1%}  {function} ({where}:{line}, {primitive / operations:.1f} calls/op)")
