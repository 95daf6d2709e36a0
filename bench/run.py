"""Run the benchmarks: `python -m bench.run [--only a|b|c|d] [--database-url URL] [--communes-per-district N]`.

(a) one task completion, engine vs SpiffWorkflow alone; (b) one plan cascaded through the national
3-level tree; (c) one user's inbox among 100,000 open tasks; (d) a national deadline day, PostgreSQL only
(its own options: `python -m bench.deadline_day --help`). Each prints its figures beside the
floor or target; nothing is asserted. Each benchmark uses a fresh SQLite file in a temp dir, or the
database given with --database-url (PostgreSQL), whose planflow tables it drops and recreates; (d) drops
and recreates that database itself for each of its runs, from template databases it makes beside it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3

import SpiffWorkflow
import sqlalchemy

from bench import cascade, deadline_day, inbox, task_completion


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            return next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    except OSError:
        return platform.processor() or "?"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[1])
    parser.add_argument("--only", choices=("a", "b", "c", "d"), help="run one benchmark only")
    parser.add_argument("--database-url", help="a PostgreSQL URL (its planflow tables are DROPPED and recreated); "
                        "default: a fresh SQLite file in a temp dir per benchmark")
    parser.add_argument("--communes-per-district", type=int, default=None, metavar="N",
                        help="(b) keep only the first N communes of each district (default: all 10,598)")
    parser.add_argument("--org-loader", choices=("bulk", "engine"), default="bulk",
                        help="(b) load the tree with bench's bulk insert (default) or engine.org.demo's functions")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, {_cpu_model()}; Python {platform.python_version()}; "
          f"SQLite {sqlite3.sqlite_version}; SQLAlchemy {sqlalchemy.__version__}; "
          f"SpiffWorkflow {getattr(SpiffWorkflow, '__version__', '3.2.0')}", flush=True)
    if args.only in (None, "a"):
        task_completion.run(args.database_url)
    if args.only in (None, "b"):
        cascade.run(args.database_url, args.communes_per_district, args.org_loader)
    if args.only in (None, "c"):
        inbox.run(args.database_url)
    if args.only in (None, "d"):
        deadline_day.run(args.database_url)


if __name__ == "__main__":
    main()
