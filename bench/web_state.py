"""(e) The database as it stands on a deadline day, for the web load (bench/web_load.py).

One province (Hải Dương, the real units of the vietnam-provinces 0.5.0 list), its first districts and their first
communes, one user per role per committee (engine/org/demo.py, password "planflow"). The province's plan is issued
with the usual calendar (six-month report "trước ngày 30/5"); each district receives it and issues its own, which
asks its communes for theirs five days earlier ("trước ngày 25/5"); every commune issues its plan. `run_due` on the
window's opening day opens every commune's six-month report. In some communes the officer has already drafted and
the head approved: those reports wait for the chair's signature. The web app then runs on the last day a report is
still on time, with every other commune's report open for its officer.

With `digital=True` the communes sign as `planflow demo --signing` makes them do (a demo CA, a key for every chair
and committee, secret "planflow"): the chair signs on the confirmation page of webapp/signing.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from bench.cascade import drive_to_issue, plans_at
from bench.common import BENCH_NOW, CACHE_DIR, Database
from engine.bpmn.runtime import complete_task
from engine.clock import Clock
from engine.core import Planflow
from engine.models import HumanTask, Obligation, Unit
from engine.org.demo import DEMO_PASSWORD, REGIME_START, create_role_users, load_units
from engine.org.unit_data import COMMUNE, DISTRICT, PROVINCE, UnitSeed, fetch_three_level_wheel, three_level_units
from engine.org.units import get_user
from engine.plans.lifecycle import start_plan
from engine.reporting.obligations import run_due
from engine.work.inbox import inbox

PROVINCE_CODE = "30"  # Tỉnh Hải Dương
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
YEAR, KIND = 2024, "six_month"
DRAFT, REVIEW, SIGN = "draft_report", "review_report", "sign_report"
APPROVE = {"decision": "approve"}
# The largest load bench/web_load.py plans for: its mix of users takes this many accounts of each kind.
MOST_USERS = 100
MIX = {"officer": 5, "head": 2, "chair": 2, "district": 1}  # Locust weights, out of 10


def report_text(code: str) -> dict:
    """What an officer writes in the six-month report (the prepared ones; the load writes its own)."""
    return {"results": f"Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2024 của đơn vị {code}.",
            "indicators": {"dialogues_held": 2, "complaints_resolved": 3, "dvk_models": 1}}


@dataclass
class DeadlineDay:
    """What the load needs to know of the prepared database."""

    now: datetime  # the web app's clock: the last day a commune's report is on time
    accounts: dict[str, list[str]]  # kind of user → usernames, in the order the load's users take them
    districts: list[str]  # the districts' codes (their dashboards)
    communes: int
    open_reports: int  # commune reports open for their officer
    waiting_signature: int  # commune reports drafted and approved, waiting for the chair
    digital: bool
    seconds: dict[str, float] = field(default_factory=dict)  # how long each preparation step took


def deadline_day_units(districts: int, communes_per_district: int) -> list[UnitSeed]:
    """The central body, the province, its first `districts` districts and their first communes each."""
    seeds = three_level_units(fetch_three_level_wheel(CACHE_DIR))
    chosen = [s for s in seeds if s.level == DISTRICT and s.parent_code == PROVINCE_CODE][:districts]
    codes = {s.code for s in chosen}
    communes = []
    for district in chosen:
        communes += [s for s in seeds if s.level == COMMUNE and s.parent_code == district.code][:communes_per_district]
    if len(chosen) < districts or len(communes) < districts * communes_per_district:
        raise ValueError(f"Tỉnh {PROVINCE_CODE} has {len(chosen)} districts and {len(communes)} communes of those "
                         f"asked ({districts} × {communes_per_district})")
    province = [s for s in seeds if s.code == PROVINCE_CODE and s.level == PROVINCE]
    central = [s for s in seeds if s.level == "central"]
    assert codes and province and central
    return central + province + chosen + communes


def prepare(database: Database, districts: int, communes_per_district: int, waiting_per_district: int,
            digital: bool, signing_dir: Path) -> DeadlineDay:
    """Build the deadline day in the (fresh) database; see the module's docstring."""
    seconds: dict[str, float] = {}
    clock = Clock(BENCH_NOW)
    planflow = Planflow(url=database.url, clock=clock)
    began = perf_counter()
    planflow.init()
    seeds = deadline_day_units(districts, communes_per_district)
    with planflow.unit_of_work() as ctx:
        units = load_units(ctx.session, seeds, REGIME_START[3])
        create_role_users(ctx.session, units.values(), generate_password_hash(DEMO_PASSWORD))
    seconds["schema, workflows and organisation"] = perf_counter() - began

    began = perf_counter()
    with planflow.unit_of_work() as ctx:
        start_plan(ctx, PROVINCE_CODE, get_user(ctx.session, f"officer.{PROVINCE_CODE}"), title=TITLE)
    for level in ("province", "district", "commune"):
        for plan in plans_at(planflow, level):
            drive_to_issue(planflow, plan)
    seconds["plans issued (province, districts, communes)"] = perf_counter() - began

    began = perf_counter()
    opens_on, due = _commune_window(planflow)
    clock.fixed = datetime.combine(opens_on, time(8))
    with planflow.unit_of_work() as ctx:
        run_due(ctx)
    communes = [s.code for s in seeds if s.level == COMMUNE]
    district_codes = [s.code for s in seeds if s.level == DISTRICT]
    waiting = [code for d in district_codes
               for code in [s.code for s in seeds if s.parent_code == d][:waiting_per_district]]
    for code in waiting:
        _complete(planflow, f"officer.{code}", DRAFT, report_text(code))
        _complete(planflow, f"head.{code}", REVIEW, APPROVE)
    seconds["reports opened, some drafted and approved"] = perf_counter() - began

    if digital:
        began = perf_counter()
        _demo_signing(planflow, signing_dir, communes)
        seconds["demo keys (ký số)"] = perf_counter() - began
    spread = _interleaved(seeds, district_codes)
    open_ones = [code for code in spread if code not in waiting]
    waiting = [code for code in spread if code in waiting]
    day = DeadlineDay(
        now=datetime.combine(due - timedelta(days=1), time(8)), accounts=_accounts(open_ones, waiting, district_codes),
        districts=district_codes, communes=len(communes), open_reports=_ready(planflow, DRAFT),
        waiting_signature=_ready(planflow, SIGN), digital=digital, seconds=seconds)
    planflow.db.dispose()
    return day


def _commune_window(planflow: Planflow) -> tuple[date, date]:
    """The day the communes' six-month reports open, and the day they are due."""
    with planflow.sessions() as session:
        row = session.execute(
            select(func.min(Obligation.opens_on), func.min(Obligation.due_date))
            .join(Unit, Unit.id == Obligation.reporting_unit_id)
            .where(Unit.level == COMMUNE, Obligation.kind == KIND, Obligation.year == YEAR)).one()
    if row[0] is None:
        raise RuntimeError("no six-month report is scheduled for the communes: the cascade did not reach them")
    return row[0], row[1]


def _complete(planflow: Planflow, username: str, bpmn_id: str, data: dict) -> None:
    """The user's one ready task of that kind, completed as the web app would."""
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, username)
        [task_id] = [t["id"] for t in inbox(ctx.session, user) if t["bpmn_id"] == bpmn_id]
        complete_task(ctx, user, task_id, data)


def _ready(planflow: Planflow, bpmn_id: str) -> int:
    with planflow.sessions() as session:
        return session.scalar(select(func.count()).select_from(HumanTask).where(
            HumanTask.bpmn_id == bpmn_id, HumanTask.status == "ready")) or 0


def _demo_signing(planflow: Planflow, folder: Path, communes: list[str]) -> None:
    """Keys as `planflow demo --signing` registers them, for the communes' chairs and committees."""
    from engine.signatures.demo import set_up_demo_signing  # pyHanko and Pillow only when ký số is asked for

    with planflow.unit_of_work() as ctx:
        set_up_demo_signing(ctx, folder, usernames=[f"chair.{code}" for code in communes], unit_codes=communes)


def _interleaved(seeds: list[UnitSeed], districts: list[str]) -> list[str]:
    """Communes taken one per district in turn, so that any number of users spreads over every district."""
    per_district = [[s.code for s in seeds if s.parent_code == d] for d in districts]
    longest = max(len(codes) for codes in per_district)
    return [codes[i] for i in range(longest) for codes in per_district if i < len(codes)]


def _accounts(open_ones: list[str], waiting: list[str], districts: list[str]) -> dict[str, list[str]]:
    """Who the load's users sign in as: officers of communes with an open report, the heads of the first of them
    (they review what their officer submits), chairs of communes whose report waits for them, district staff; and
    the chairs whose waiting report the warm-up signs."""
    heads, chairs = (MOST_USERS * MIX[kind] // sum(MIX.values()) for kind in ("head", "chair"))
    district_staff = [f"{role}.{code}" for role in ("officer", "head", "chair") for code in districts]
    return {"officer": [f"officer.{code}" for code in open_ones],
            "head": [f"head.{code}" for code in open_ones[:heads]],
            "chair": [f"chair.{code}" for code in waiting[:chairs]],
            "warm-up signer": [f"chair.{code}" for code in waiting[chairs:]],  # reports the load leaves alone
            "district": district_staff}
