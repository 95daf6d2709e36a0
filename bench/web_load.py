"""(e) Deadline-day web load: Locust users against gunicorn (`-w 4`) on PostgreSQL or SQLite.

`python -m bench.web_load [--database-url URL] [--users 50 100] [--minutes 2] [--runs 2] [--plain-signing]
[--with-worker] [--gunicorn-threads N] [--keep]` (figures and how to read them: docs/benchmarks.md, (e))

For each user count (and run): the database is prepared as on a deadline day (bench/web_state.py; a fresh SQLite
file in a temp folder, or the PostgreSQL database given, whose planflow tables are DROPPED), gunicorn serves
`webapp:create_app()` on a free loopback port with the clock on the deadline's eve, and Locust runs headless
(bench/locustfile.py: officers save and submit their reports, heads review, chairs sign, districts read their
dashboard) after a warm-up whose figures are dropped. Printed: requests/s and exact p50/p95/p99 per page, for all
pages, without sign-in and ký số, and after the first minute; every failure with its message; the server's errors
("database is locked", worker timeouts, tracebacks); the CPU the gunicorn workers and PostgreSQL's backends spent per
request; and the reports the database counts as submitted, reviewed and signed against the answers that said so
("nothing lost"). Targets (issue 16): p99 < 300 ms at 50 users on
PostgreSQL, no error, nothing lost; on SQLite waits, never "database is locked". Nothing is asserted.

With --with-worker a `planflow worker` (when the command exists) runs beside the web app during the load and fires
what is due on that day (reminders, report windows).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from bench.common import Database, fresh_database, load_average
from bench.web_state import DRAFT, KIND, REVIEW, SIGN, YEAR, DeadlineDay, prepare
from engine.db import make_engine
from engine.models import HumanTask, Notification
from engine.org.demo import DEMO_PASSWORD

BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
TARGET_P99_MS = 300
LOAD_USERS = ("Officer", "Head", "Chair", "District")  # bench/locustfile.py's classes of the measured load
WARM_UP_SECONDS = 30
HEAVY = {"sign in", "sign report (ký số)"}  # a password hash (scrypt), a PDF printed and signed
# Requests that change a report, by the task they complete in the database.
WRITES = {"submit report": DRAFT, "review: approve": REVIEW, "sign report": SIGN, "sign report (ký số)": SIGN}
SERVER_ERRORS = re.compile(r"database is locked|WORKER TIMEOUT|Traceback|Error|Exception", re.IGNORECASE)


@dataclass(frozen=True)
class Timing:
    """One request of the measured load, as the Locust users recorded it (bench/locustfile.py)."""

    start: float  # seconds since the epoch
    page: str
    ms: float
    failure: str  # empty when it succeeded


@dataclass
class Outcome:
    """One load's figures."""

    label: str
    timings: list[Timing]
    exceptions: list[dict[str, str]]  # errors in the users' own code (bench/locustfile.py), not the app's
    server_errors: Counter  # the gunicorn log's error lines, by text
    completed: Counter  # tasks completed during the load, by BPMN id
    worker: str  # what the worker said, if one ran
    server_cpu: float  # seconds of CPU gunicorn's workers spent during the load
    database_cpu: float  # seconds of CPU PostgreSQL's backends spent for them (0 on SQLite: in the workers)
    load_after: str  # the machine's load average when the load ended (shared machine)


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    backend = "PostgreSQL" if args.database_url else "SQLite"
    if args.with_worker and not _worker_exists():
        print("  --with-worker: no `planflow worker` command here; running without it", flush=True)
        args.with_worker = False
    for users in args.users:
        for run in range(1, args.runs + 1):
            outcome = one_load(args, users, f"{backend}, {users} users, run {run}{_variant(args)}")
            report(outcome, users, backend)


def _variant(args: argparse.Namespace) -> str:
    said = [", with a worker" if args.with_worker else "", ", no ký số" if args.plain_signing else "",
            f", {args.gunicorn_threads} threads per gunicorn worker" if args.gunicorn_threads > 1 else ""]
    return "".join(said)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.web_load", description=__doc__.split("\n\n")[1])
    parser.add_argument("--database-url", help="a PostgreSQL URL (its planflow tables are DROPPED and recreated); "
                        "default: a fresh SQLite file in a temp folder")
    parser.add_argument("--users", type=int, nargs="+", default=[50], help="Locust users, one load each (50)")
    parser.add_argument("--minutes", type=float, default=2.0, help="length of each load (2)")
    parser.add_argument("--runs", type=int, default=1, help="loads per user count, each on a fresh database (1)")
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started per second (users / 10)")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"),
                        help="seconds a user waits between two steps (1 3)")
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--gunicorn-threads", type=int, default=1,
                        help="threads per worker (gunicorn's gthread worker); 1: the sync worker, as docs/web.md has")
    parser.add_argument("--districts", type=int, default=7)
    parser.add_argument("--communes-per-district", type=int, default=12)
    parser.add_argument("--waiting-per-district", type=int, default=4,
                        help="communes per district whose report waits for the chair's signature (4)")
    parser.add_argument("--plain-signing", action="store_true",
                        help="no ký số keys: the chair signs by approving (default: demo keys, as `make run`)")
    parser.add_argument("--with-worker", action="store_true", help="a `planflow worker` runs during the load")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (database, logs, Locust CSVs)")
    return parser


def one_load(args: argparse.Namespace, users: int, label: str) -> Outcome:
    print(f"\n== (e) deadline-day web load: {label} ==\n  {load_average()}", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="planflow-webload-"))
    database = fresh_database("web_load", args.database_url) if args.database_url else \
        Database(f"sqlite:///{folder / 'web_load.sqlite3'}", folder / "web_load.sqlite3")  # beside the logs
    day = prepare(database, args.districts, args.communes_per_district, args.waiting_per_district,
                  digital=not args.plain_signing, signing_dir=folder / "signing")
    _describe(day)
    env = _server_env(database, day, folder, args.think)
    with ExitStack() as stack:
        server = stack.enter_context(_serving(args.gunicorn_workers, args.gunicorn_threads, env, folder))
        _warm_up(args, server.port, folder, signers=len(day.accounts["warm-up signer"]))
        before, notices_before = _completed(database.url), _notices(database.url)
        if args.with_worker:  # from the first second of the measured load: its batch fires during the load
            stack.enter_context(_working(env, folder))
        cpu_before, database_before = server.cpu_seconds(), _backends_cpu(database.url)
        _locust(args, users, server.port, folder)
        cpu = server.cpu_seconds() - cpu_before
        database_cpu = sum(seconds - database_before.get(pid, 0.0)
                           for pid, seconds in _backends_cpu(database.url).items())
    worker_said = ""
    if args.with_worker:
        worker_said = (f"{_notices(database.url) - notices_before} notices written during the load; its log: "
                       + _tail(folder / "worker.log"))
    outcome = Outcome(label, _timings(folder / "timings.csv"), _csv(folder / "locust_exceptions.csv"),
                      _server_errors(folder / "gunicorn.log"), _completed(database.url) - before, worker_said, cpu,
                      database_cpu, load_average())
    if args.keep:
        print(f"  kept: {folder}", flush=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return outcome


def _describe(day: DeadlineDay) -> None:
    steps = "; ".join(f"{name} {seconds:.1f} s" for name, seconds in day.seconds.items())
    print(f"  prepared: {day.communes} communes in {len(day.districts)} districts; {day.open_reports} reports open "
          f"for their officer, {day.waiting_signature} waiting for the chair's signature; ký số "
          f"{'on (demo keys)' if day.digital else 'off'}; web clock {day.now:%Y-%m-%d %H:%M}\n  ({steps})", flush=True)


def _server_env(database: Database, day: DeadlineDay, folder: Path, think: list[float]) -> dict[str, str]:
    """What the app reads from its environment (webapp/__init__.py, engine/…): database, key, clock, folders; and
    the accounts file the Locust users read."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLANFLOW_")}
    accounts = folder / "accounts.json"
    accounts.write_text(json.dumps({
        "password": DEMO_PASSWORD, "year": YEAR, "kind": KIND, "think": think,
        "digital": day.digital, "accounts": day.accounts}, ensure_ascii=False), encoding="utf-8")
    env.update({
        "PLANFLOW_DATABASE_URL": database.url, "PLANFLOW_SECRET_KEY": secrets.token_hex(32),
        "PLANFLOW_NOW": day.now.isoformat(), "PLANFLOW_FILES_DIR": str(folder / "files"),
        "PLANFLOW_SIGNING_DIR": str(folder / "signing"), "PLANFLOW_LOAD_ACCOUNTS": str(accounts),
    })
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """The gunicorn master serving the load, and where."""

    port: int
    process: subprocess.Popen

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of gunicorn's workers so far, read from /proc (Linux)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        return sum(_cpu_seconds(int(pid)) for pid in pids)


def _cpu_seconds(pid: int) -> float:
    """A process's CPU time (user + system) so far, from /proc (Linux); 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14, 15 of proc(5)


def _backends_cpu(url: str) -> dict[int, float]:
    """PostgreSQL: CPU seconds of each backend serving this database (the server runs on this machine)."""
    if url.startswith("sqlite"):
        return {}
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            pids = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")).scalars().all()
    finally:
        engine.dispose()
    return {pid: _cpu_seconds(pid) for pid in pids}


@contextmanager
def _serving(workers: int, threads: int, env: dict[str, str], folder: Path) -> Iterator[Server]:
    """gunicorn on a free loopback port until the block ends."""
    port = _free_port()
    # Threaded workers keep connections alive between requests (2 s by default): longer than a user's think time,
    # else the server closes a connection just as Locust sends a form on it, which is no error of the app's.
    threaded = ["--threads", str(threads), "--keep-alive", "10"] if threads > 1 else []
    with (folder / "gunicorn.log").open("wb") as log:  # its log and the app's tracebacks
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--no-control-socket", "-w", str(workers), *threaded, "-b", f"127.0.0.1:{port}",
             "webapp:create_app()"], env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(port, process)
            yield Server(port, process)
        finally:
            _stop(process)


@contextmanager
def _working(env: dict[str, str], folder: Path) -> Iterator[None]:
    """`planflow worker` polling every second until the block ends."""
    with (folder / "worker.log").open("wb") as log:
        process = subprocess.Popen([str(BIN / "planflow"), "worker", "--poll", "1"], env=env, cwd=folder,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            yield
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM, as a process manager stops it (gunicorn finishes its requests, the worker its step)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def _warm_up(args: argparse.Namespace, port: int, folder: Path, signers: int) -> None:
    """Readers, and as many signers as gunicorn workers (their reports are not the load's), figures dropped:
    every worker has loaded what it needs, as on a server up for days (bench/locustfile.py, the warm-up)."""
    workers = args.gunicorn_workers
    classes = ["WarmUpReader"] + (["WarmUpSigner"] if signers >= workers else [])
    users = workers * len(classes)
    _run_locust(classes, users, users, WARM_UP_SECONDS, port, folder, None, {})


def _locust(args: argparse.Namespace, users: int, port: int, folder: Path) -> None:
    """The measured load, whose CSV files land in `folder`."""
    rate = args.spawn_rate or max(1.0, users / 10)
    seconds = int(args.minutes * 60)
    threads = f" --threads {args.gunicorn_threads}" if args.gunicorn_threads > 1 else ""
    print(f"  locust: {users} users, {rate:g} started per second, {seconds} s, think {args.think[0]:g}–"
          f"{args.think[1]:g} s; gunicorn -w {args.gunicorn_workers}{threads}; after a {WARM_UP_SECONDS} s warm-up "
          "(figures dropped)", flush=True)
    _run_locust(list(LOAD_USERS), users, rate, seconds, port, folder, folder / "locust",
                {"PLANFLOW_LOAD_TIMINGS": str(folder / "timings.csv")})


def _run_locust(classes: list[str], users: int, rate: float, seconds: int, port: int, folder: Path,
                csv_prefix: Path | None, more_env: dict[str, str]) -> None:
    env = {**os.environ, "PLANFLOW_LOAD_ACCOUNTS": str(folder / "accounts.json"), **more_env}
    command = [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "-u", str(users), "-r", f"{rate:g}",
               "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}", "--only-summary", "--stop-timeout", "10",
               "--exit-code-on-error", "0", "--loglevel", "WARNING", *classes]
    if csv_prefix is not None:
        command[-len(classes):-len(classes)] = ["--csv", str(csv_prefix)]
    with (folder / "locust.log").open("ab") as log:
        subprocess.run(command, env=env, cwd=folder, check=True, stdout=log, stderr=subprocess.STDOUT)


def _completed(url: str) -> Counter:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(HumanTask.bpmn_id, func.count()).where(
                HumanTask.status == "completed").group_by(HumanTask.bpmn_id)).all()
    finally:
        engine.dispose()
    return Counter({bpmn_id: number for bpmn_id, number in rows})


def _notices(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Notification)).scalar_one())
    finally:
        engine.dispose()


def _worker_exists() -> bool:
    found = subprocess.run([str(BIN / "planflow"), "worker", "--help"], capture_output=True, text=True)
    return found.returncode == 0


def _csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _timings(path: Path) -> list[Timing]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as file:
        return [Timing(float(start), page, float(ms), failure) for start, page, ms, failure in csv.reader(file)]


def _server_errors(path: Path) -> Counter:
    """The gunicorn log's lines that say something went wrong (the last line of each traceback is its error)."""
    found: Counter = Counter()
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if SERVER_ERRORS.search(line) and not line.startswith(("  ", "Traceback")):
            found[re.sub(r"^\[[^]]*\] \[\d+\] ", "", line)[:200]] += 1
    return found


def _tail(path: Path, lines: int = 3) -> str:
    if not path.exists():
        return "(none)"
    return " | ".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def report(outcome: Outcome, users: int, backend: str) -> None:
    timings = outcome.timings
    if not timings:
        print("  no figures: the Locust users recorded no request (see locust.log with --keep)", flush=True)
        return
    began = min(t.start for t in timings)
    span = max(t.start + t.ms / 1000 for t in timings) - began  # requests per second over the whole load
    print(f"  {'page':<36} {'requests':>8} {'failed':>6} {'req/s':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  ms")
    for page in sorted({t.page for t in timings}):
        _row(page, [t for t in timings if t.page == page], span)
    _row("all pages", timings, span)
    _row("all but sign-in and ký số", [t for t in timings if t.page not in HEAVY], span)
    _row("all pages after the first minute", [t for t in timings if t.start >= began + 60], span - 60)
    for (page, failure), times in Counter((t.page, t.failure) for t in timings if t.failure).most_common():
        print(f"  failure: {page}: {failure} × {times}")
    for exception in outcome.exceptions:
        print(f"  load script error: {exception['Message']} × {exception['Count']}")
    for line, times in outcome.server_errors.most_common(10):
        print(f"  server log: {line} × {times}")
    database = f" + PostgreSQL backends {outcome.database_cpu:.1f} s, " \
        f"{outcome.database_cpu / len(timings) * 1000:.1f} ms per request" if outcome.database_cpu else ""
    print(f"  CPU during the load: gunicorn workers {outcome.server_cpu:.1f} s, "
          f"{outcome.server_cpu / len(timings) * 1000:.1f} ms per request{database}; at the end, {outcome.load_after}")
    _nothing_lost(outcome)
    if outcome.worker:
        print(f"  worker: {outcome.worker}")
    _verdict(outcome, users, backend)


def _row(label: str, timings: list[Timing], span: float) -> None:
    if not timings:
        return
    ms = sorted(t.ms for t in timings)
    failed = sum(1 for t in timings if t.failure)
    print(f"  {label:<36} {len(ms):>8} {failed:>6} {len(ms) / max(span, 1):6.1f} {_rank(ms, 0.50):7.0f} "
          f"{_rank(ms, 0.95):7.0f} {_rank(ms, 0.99):7.0f} {ms[-1]:7.0f}")


def _rank(ordered: list[float], quantile: float) -> float:
    """The nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(quantile * len(ordered)) - 1)]


def _nothing_lost(outcome: Outcome) -> None:
    answered = Counter(WRITES[t.page] for t in outcome.timings if t.page in WRITES and not t.failure)
    for bpmn_id, label in ((DRAFT, "reports submitted"), (REVIEW, "reviews approved"), (SIGN, "reports signed")):
        counted, said = outcome.completed[bpmn_id], answered[bpmn_id]
        mark = "nothing lost" if counted == said else "MISMATCH"
        print(f"  {label}: {counted} in the database, {said} answered as done: {mark}")


def _verdict(outcome: Outcome, users: int, backend: str) -> None:
    errors = sum(1 for t in outcome.timings if t.failure) + sum(int(e["Count"]) for e in outcome.exceptions)
    locked = sum(times for line, times in outcome.server_errors.items() if "database is locked" in line)
    p99 = _rank(sorted(t.ms for t in outcome.timings), 0.99)
    target = f" (target < {TARGET_P99_MS} ms at 50 users: {'met' if p99 < TARGET_P99_MS else 'NOT met'})" \
        if backend == "PostgreSQL" and users == 50 else ""
    print(f"  verdict: p99 of all pages {p99:.0f} ms{target}; {errors} errors; 'database is locked' {locked} times "
          "in the server log", flush=True)


if __name__ == "__main__":
    main()
