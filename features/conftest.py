"""Shared steps of the behaviour tests: organisation, clock, people acting on plans, refusals.

Every step acts as a user would, one transaction per action (tests/support.py Driver). State shared
between steps lives in the `context` dict: the current plan ("plan"), plans by title ("plans"),
the error of the last attempt ("error") and what the user saw before it ("before").
"""

from __future__ import annotations

from datetime import datetime

import pytest
from bdd_support import (
    ACTOR,
    DECISION_TASK,
    DRAFT,
    DRAFT_REPORT,
    INDICATOR_SENTENCE,
    ISSUE,
    KIND,
    KIND_LABELS,
    NOTICE_KINDS,
    RECEIVE,
    REFUSALS,
    REPORT_KINDS,
    STATUSES,
    UNIT_ARG,
    actor_username,
    assert_table,
    attempt,
    cell,
    check_report,
    day,
    find_unit,
    indicators,
    issue_new_plan,
    last_notice,
    latest_plan,
    notices,
    obligation_of,
    plan_ref,
    prefilled,
    remember,
    report_task,
    rows,
    send_report,
    split_actor,
    unit_code,
    unit_plan,
    username,
    vn,
)
from pytest_bdd import given, parsers, then, when

from engine.deadline import state_label
from engine.reporting.reports import consolidation_view, obligation_rows


@pytest.fixture
def context() -> dict:
    return {"plans": {}}


# --- Organisation and clock --------------------------------------------------------------------

@given("tổ chức mẫu ba cấp: tỉnh Hải Dương, các huyện Tứ Kỳ và Thanh Hà, mỗi huyện ba xã")
def three_levels(demo3):
    return demo3


@given("tổ chức mẫu hai cấp: thành phố Hải Phòng và năm xã trực thuộc")
def two_levels(demo2):
    return demo2


@given(parsers.re(r"hôm nay là (?P<today>\d\d/\d\d/\d{4})"))
@when(parsers.re(r"hôm nay là (?P<today>\d\d/\d\d/\d{4})"))
def today_is(clock, today):
    clock.fixed = datetime.combine(day(today), datetime.min.time()).replace(hour=9)


# --- Acting on a plan --------------------------------------------------------------------------

@given(parsers.re(rf"{ACTOR} đã lập kế hoạch mới"))
@when(parsers.re(rf"{ACTOR} lập kế hoạch mới"))
def start_new_plan(planflow, driver, context, actor):
    user = username(planflow, actor)
    remember(context, driver.start_plan(user.split(".", 1)[1], user))


@given(parsers.re(rf'{ACTOR} đã trình dự thảo "(?P<title>[^"]+)"'))
@when(parsers.re(rf'{ACTOR} trình(?: lại)? dự thảo "(?P<title>[^"]+)"'))
def submit_draft(planflow, driver, context, actor, title):
    driver.act(username(planflow, actor), DRAFT, {"title": title}, context["plan"])
    remember(context, context["plan"], title)


@given(parsers.re(rf"{ACTOR} đã (?:đồng ý trình ký|phê duyệt, ký kế hoạch)"))
@when(parsers.re(rf"{ACTOR} (?:đồng ý trình ký|phê duyệt, ký kế hoạch)"))
def approve(planflow, driver, context, actor):
    user = username(planflow, actor)
    driver.act(user, DECISION_TASK[user.split(".")[0]], {"decision": "approve"}, context["plan"])


@when(parsers.re(rf'{ACTOR} trả lại dự thảo với ý kiến "(?P<comment>[^"]*)"'))
def give_back(planflow, driver, context, actor, comment):
    try_decision(planflow, driver, context, actor, {"decision": "return", "comment": comment})


@when(parsers.re(rf"{ACTOR} trả lại dự thảo mà không ghi ý kiến"))
def give_back_silently(planflow, driver, context, actor):
    try_decision(planflow, driver, context, actor, {"decision": "return"})


def try_decision(planflow, driver, context, actor: str, data: dict) -> None:
    """The head reviews, the chair or a vice chair signs: each decides on the task of their role."""
    user = username(planflow, actor)
    task = DECISION_TASK[user.split(".")[0]]
    attempt(context, driver, lambda: driver.act(user, task, data, context["plan"]))


@given(parsers.re(rf"{ACTOR} đã vào sổ, ban hành kế hoạch"))
@when(parsers.re(rf"{ACTOR} vào sổ, ban hành kế hoạch"))
def register_and_issue(planflow, driver, context, actor):
    driver.act(username(planflow, actor), ISSUE, {}, context["plan"])


@given(parsers.re(rf'{UNIT_ARG} đã ban hành kế hoạch "(?P<title>[^"]+)"'))
@when(parsers.re(rf'{UNIT_ARG} ban hành kế hoạch "(?P<title>[^"]+)"'))
def issue_plan(planflow, driver, context, unit, title):
    issue_new_plan(planflow, driver, context, unit, title)


@given(parsers.re(rf'{UNIT_ARG} đã ban hành kế hoạch "(?P<title>[^"]+)" '
                  r"với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4})"))
@when(parsers.re(rf'{UNIT_ARG} ban hành kế hoạch "(?P<title>[^"]+)" '
                 r"với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4})"))
def issue_plan_with_deadline(planflow, driver, context, unit, title, due):
    issue_new_plan(planflow, driver, context, unit, title, subplan_due=day(due).isoformat())


@given(parsers.re(rf"{ACTOR} đã tiếp nhận kế hoạch cấp trên"))
@when(parsers.re(rf"{ACTOR} tiếp nhận kế hoạch cấp trên"))
def receive_parent(planflow, driver, context, actor):
    plan_id = remember(context, latest_plan(planflow, split_actor(actor)[1]))
    driver.act(username(planflow, actor), RECEIVE, {}, plan_id)


@given(parsers.re(rf'{UNIT_ARG} đã (?P<receive>tiếp nhận và )?ban hành kế hoạch cấp mình "(?P<title>[^"]+)"'
                  r"(?: với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4}))?"))
@when(parsers.re(rf'{UNIT_ARG} (?P<receive>tiếp nhận và )?ban hành kế hoạch cấp mình "(?P<title>[^"]+)"'
                 r"(?: với hạn cấp dưới (?P<due>\d\d/\d\d/\d{4}))?"))
def issue_own_plan(planflow, driver, context, unit, receive, title, due):
    """A unit issues the plan its superior assigned it, after its clerk received the parent plan."""
    code = unit_code(planflow, unit)
    plan_id = remember(context, latest_plan(planflow, unit), title)
    if receive:
        driver.act(f"clerk.{code}", RECEIVE, {}, plan_id)
    driver.issue(plan_id, code, title=title, **({"subplan_due": day(due).isoformat()} if due else {}))


# --- What users see ----------------------------------------------------------------------------

@then(parsers.re(rf'{ACTOR} (?:vẫn )?có nhiệm vụ "(?P<task>[^"]+)"'))
def has_task(planflow, driver, context, actor, task):
    tasks = [t["name"] for t in driver.tasks(username(planflow, actor)) if t["plan_id"] == context["plan"]]
    assert task in tasks, f"{actor} chỉ có các nhiệm vụ {tasks}"


@then(parsers.re(rf'{ACTOR} không (?:còn )?có nhiệm vụ "(?P<task>[^"]+)"'))
def has_no_task(planflow, driver, context, actor, task):
    tasks = [t["name"] for t in driver.tasks(username(planflow, actor)) if t["plan_id"] == context["plan"]]
    assert task not in tasks


@then(parsers.re(r'kế hoạch (?:"(?P<title>[^"]+)" )?(?:vẫn )?ở trạng thái "(?P<status>[^"]+)"'))
def plan_status(driver, context, title, status):
    assert driver.plan(plan_ref(context, title))["status"] == STATUSES[status]


@then(parsers.re(r'kế hoạch (?:"(?P<title>[^"]+)" )?có số "(?P<number>[^"]+)", '
                 r"ngày ban hành (?P<issued>\d\d/\d\d/\d{4})"))
def plan_number(driver, context, title, number, issued):
    plan = driver.plan(plan_ref(context, title))
    assert (plan["number"], vn(plan["issued_date"])) == (number, issued)


@then(parsers.re(r'kế hoạch (?:"(?P<title>[^"]+)" )?chưa có số và ngày ban hành'))
def plan_unnumbered(driver, context, title):
    plan = driver.plan(plan_ref(context, title))
    assert (plan["number"], plan["issued_date"]) == (None, None)


@then(parsers.re(rf'lịch sử kế hoạch ghi {ACTOR} trả lại với ý kiến "(?P<comment>[^"]+)"'))
def audit_return(planflow, driver, context, actor, comment):
    user = username(planflow, actor)
    entries = [(a["actor"], a["comment"]) for a in driver.plan(context["plan"])["audit"]
               if a["action"] == "complete" and a["details"]["data"].get("decision") == "return"]
    assert (user, comment) in entries, entries


# --- Refusals ----------------------------------------------------------------------------------

@then(parsers.re(r"thao tác bị từ chối vì (?P<reason>.+?) với thông báo có \"(?P<fragment>[^\"]+)\""))
def refused(context, reason, fragment):
    error = context["error"]
    assert isinstance(error, REFUSALS[reason]), f"cần {REFUSALS[reason].__name__}, nhận được {error!r}"
    assert fragment in error.message, error.message


@then("kế hoạch không thay đổi gì")
def plan_unchanged(driver, context):
    assert driver.plan(context["plan"]) == context["before"]


# --- Periodic reports: the cascade, the clock, notices (báo cáo định kỳ) --------------------------
# test_nhac_han_qua_han.py keeps its own copies of the run-due sentences; a module's steps win there.

MOMENT = r"(?P<hour>\d\d):(?P<minute>\d\d) ngày (?P<on>\d\d/\d\d/\d{4})"


@given(parsers.re(r"Bộ Nội vụ đã ban hành kế hoạch dân vận chính quyền năm (?P<year>\d{4}), "
                  r"các cấp tỉnh, huyện, xã đã tiếp nhận và ban hành kế hoạch của mình"))
def whole_cascade(driver, context, year):
    """Every level issues its plan the same day: the ministry, the province, each district, each commune."""
    top = driver.start_plan("BNV", "officer.BNV")
    driver.issue(top, "BNV", title=f"Kế hoạch công tác dân vận chính quyền năm {year}")
    pending = [top]
    while pending:
        for child in driver.plan(pending.pop())["children"]:
            driver.act(f"clerk.{child['unit']}", RECEIVE, {}, child["id"])
            driver.issue(child["id"], child["unit"],
                         title=f"Kế hoạch công tác dân vận chính quyền năm {year} của {child['unit_name']}")
            pending.append(child["id"])


@given(parsers.re(rf"hệ thống đã xử lý các việc đến hạn lúc {MOMENT}"))
@when(parsers.re(rf"đồng hồ chỉ {MOMENT} và hệ thống xử lý các việc đến hạn"))
def run_due_at(planflow, driver, clock, context, hour, minute, on):
    clock.fixed = datetime.combine(day(on), datetime.min.time()).replace(hour=int(hour), minute=int(minute))
    run_due_now(planflow, driver, context)


@when("hệ thống xử lý lại các việc đến hạn")
def run_due_again(planflow, driver, context):
    run_due_now(planflow, driver, context)


def run_due_now(planflow, driver, context) -> None:
    """`planflow run-due`; the notices sent from here on are the "new" ones."""
    context["last_notice"] = last_notice(planflow)
    context["fired"] = driver.run_due()


@then(parsers.re(r"hệ thống không thực hiện việc nào và không gửi thông báo (?:nào|mới)"))
def nothing_done(planflow, context):
    assert (context["fired"], last_notice(planflow)) == (0, context["last_notice"])


@then(parsers.re(rf'{ACTOR} nhận được thông báo mới "(?P<text>[^"]+)"'))
def new_notice(planflow, context, actor, text):
    sent = notices(planflow, actor_username(planflow, actor), after=context["last_notice"])
    assert [t for _, _, t in sent] == [text]


@then(parsers.re(rf"{ACTOR} không nhận được thông báo mới nào"))
def no_new_notice(planflow, context, actor):
    assert notices(planflow, actor_username(planflow, actor), after=context["last_notice"]) == []


@then(parsers.re(rf'{ACTOR} nhận được thông báo "(?P<text>[^"]+)"'))
def got_notice(planflow, actor, text):
    sent = [t for _, _, t in notices(planflow, actor_username(planflow, actor))]
    assert text in sent, sent


@then(parsers.re(rf"{ACTOR} không nhận được thông báo nào"))
def no_notice_at_all(planflow, actor):
    assert notices(planflow, actor_username(planflow, actor)) == []


@then(parsers.re(rf"{ACTOR} có tất cả (?P<count>\d+) thông báo (?P<kind>{'|'.join(NOTICE_KINDS)})"))
def notice_count(planflow, actor, count, kind):
    sent = [k for _, k, _ in notices(planflow, actor_username(planflow, actor))]
    assert sent.count(NOTICE_KINDS[kind]) == int(count), sent


# --- Periodic reports: sending, checking, what each side sees ------------------------------------

REPORT_RESULTS = "Kết quả thực hiện công tác dân vận chính quyền của {unit}"
SIGNERS = {None: "chair", "chủ tịch": "chair", "phó chủ tịch": "vice_chair"}


@given(parsers.re(rf"{UNIT_ARG} đã gửi {KIND}(?: do (?P<signer>chủ tịch|phó chủ tịch) ký)?: {INDICATOR_SENTENCE}"))
@when(parsers.re(rf"{UNIT_ARG} gửi(?: lại)? {KIND}(?: do (?P<signer>chủ tịch|phó chủ tịch) ký)?: "
                 rf"{INDICATOR_SENTENCE}"))
def send_with_indicators(planflow, driver, unit, kind, signer, dialogues_held, complaints_resolved, dvk_models):
    numbers = {"dialogues_held": dialogues_held, "complaints_resolved": complaints_resolved, "dvk_models": dvk_models}
    data = {"results": REPORT_RESULTS.format(unit=unit), "indicators": indicators(numbers)}
    send_report(planflow, driver, unit, kind, data, SIGNERS[signer])


@when(parsers.re(rf"{UNIT_ARG} gửi(?: lại)? {KIND} theo số liệu được điền sẵn"))
def send_prefilled(planflow, driver, unit, kind):
    send_report(planflow, driver, unit, kind, None)


@given(parsers.re(rf"các đơn vị sau đã gửi {KIND} và được tiếp nhận:"))
def sent_and_accepted(planflow, driver, clock, kind, datatable):
    """Each unit sends on its day (09:00); the officer of the unit it reports to accepts it the same day."""
    for row in rows(datatable):
        clock.fixed = datetime.combine(day(row["ngày gửi"]), datetime.min.time()).replace(hour=9)
        numbers = {"dialogues_held": row["số cuộc đối thoại"], "complaints_resolved": row["số đơn thư được giải quyết"],
                   "dvk_models": row['số mô hình "Dân vận khéo"']}
        unit = row["đơn vị"]
        send_report(planflow, driver, unit, kind, {"results": REPORT_RESULTS.format(unit=unit),
                                                   "indicators": indicators(numbers)})
        receiver = obligation_of(planflow, unit, kind)["receiver_name"]
        check_report(planflow, driver, f"chuyên viên {receiver}", kind, unit, {"verdict": "accept"})


@given(parsers.re(rf"{ACTOR} đã tiếp nhận {KIND} của {UNIT_ARG}"))
@when(parsers.re(rf"{ACTOR} tiếp nhận {KIND} của {UNIT_ARG}"))
def accept_report(planflow, driver, actor, kind, unit):
    check_report(planflow, driver, actor, kind, unit, {"verdict": "accept"})


@when(parsers.re(rf'{ACTOR} trả lại {KIND} của {UNIT_ARG} với ý kiến "(?P<comment>[^"]+)"'))
def return_report(planflow, driver, actor, kind, unit, comment):
    check_report(planflow, driver, actor, kind, unit, {"verdict": "return", "comment": comment})


@then(parsers.re(rf'{ACTOR} (?:vẫn )?có việc "(?P<task>[^"]+)" về {KIND} của {UNIT_ARG}'))
def has_report_task(planflow, driver, actor, task, kind, unit):
    user = actor_username(planflow, actor)
    found = report_task(driver, user, task, obligation_of(planflow, unit, kind)["instance_id"])
    assert found is not None, f"{actor} chỉ có các việc {[t['name'] for t in driver.tasks(user)]}"


@then(parsers.re(rf'{ACTOR} không (?:còn )?có việc "(?P<task>[^"]+)" về {KIND} của {UNIT_ARG}'))
def has_no_report_task(planflow, driver, actor, task, kind, unit):
    user = actor_username(planflow, actor)
    assert report_task(driver, user, task, obligation_of(planflow, unit, kind)["instance_id"]) is None


@then(parsers.re(rf'việc "(?P<task>[^"]+)" của {ACTOR} về {KIND} của {UNIT_ARG} có hạn "(?P<due>[^"]+)"'
                 r'(?:, "(?P<mark>[^"]+)")?'))
def report_task_due(planflow, driver, task, actor, kind, unit, due, mark):
    """The deadline as the work list and the task page write it (engine/deadline.py), with its mark if any."""
    instance_id = obligation_of(planflow, unit, kind)["instance_id"]
    found = report_task(driver, actor_username(planflow, actor), task, instance_id)
    assert found is not None, f"{actor} không có việc '{task}'"
    assert (found["due_text"], state_label(found["due_state"]) or None) == (due, mark)


@then(parsers.re(rf'{KIND} của {UNIT_ARG} có số "(?P<number>[^"]+)"'))
def report_number(planflow, kind, unit, number):
    assert obligation_of(planflow, unit, kind)["number"] == number


@then(parsers.re(rf"việc soạn {KIND} của {UNIT_ARG} được điền sẵn:"))
def draft_prefilled(planflow, driver, kind, unit, datatable):
    """What the officer finds in the draft form, by the labels the form shows."""
    user = f"officer.{find_unit(planflow, unit)[1]}"
    task = report_task(driver, user, DRAFT_REPORT, obligation_of(planflow, unit, kind)["instance_id"])
    assert task is not None, f"{unit} chưa có việc '{DRAFT_REPORT}'"
    values, shown = prefilled(task), {}
    for name, field in task["form"]["properties"].items():
        if name == "indicators":
            shown.update({sub["title"]: (values.get(name) or {}).get(key)
                          for key, sub in field["properties"].items()})
        else:
            shown[field.get("title", name)] = values.get(name)
    expected = rows(datatable)
    assert not {row["mục"] for row in expected} - set(shown), f"biểu mẫu chỉ có các mục {list(shown)}"
    assert [{"mục": row["mục"], "nội dung": cell(shown[row["mục"]])} for row in expected] == expected


def consolidation(planflow, kind: str, unit: str) -> dict:
    unit_id = find_unit(planflow, unit)[0]
    with planflow.unit_of_work() as ctx:
        today = ctx.clock.today()
        return consolidation_view(ctx.session, unit_id, today.year, str(REPORT_KINDS[kind]), today)


STANDING_COLUMNS = {
    "đơn vị": lambda r: r["unit_name"], "tình hình": lambda r: r["standing_label"],
    "trạng thái": lambda r: r["status_label"], "số": lambda r: r["number"],
    "ngày gửi": lambda r: vn(r["submitted_at"]), "lý do hủy": lambda r: r["cancel_reason"],
}


@then(parsers.re(rf"tình hình {KIND} gửi {UNIT_ARG}:"))
def standing_table(planflow, kind, unit, datatable):
    """The compliance matrix of the receiving unit: who sent, on time or late, who has not."""
    assert_table(datatable, consolidation(planflow, kind, unit)["rows"], STANDING_COLUMNS)


@then(parsers.re(rf"tổng các chỉ tiêu {KIND} gửi {UNIT_ARG}: {INDICATOR_SENTENCE}"))
def standing_totals(planflow, kind, unit, dialogues_held, complaints_resolved, dvk_models):
    numbers = {"dialogues_held": dialogues_held, "complaints_resolved": complaints_resolved, "dvk_models": dvk_models}
    assert consolidation(planflow, kind, unit)["indicators"] == indicators(numbers)


OBLIGATION_COLUMNS = {
    "đơn vị báo cáo": lambda r: r["unit_name"], "gửi đến": lambda r: r["receiver_name"],
    "loại báo cáo": lambda r: r["kind_label"], "hạn": lambda r: r["due_text"], "mở kỳ": lambda r: vn(r["opens_on"]),
    "trạng thái": lambda r: r["status_label"], "tình hình": lambda r: r["standing_label"],
    "lý do hủy": lambda r: r["cancel_reason"],
}


@then(parsers.re(rf'các kỳ (?:báo cáo|{KIND}) theo kế hoạch (?:"(?P<title>[^"]+)"|của {UNIT_ARG}):'))
def plan_obligations(planflow, context, kind, title, unit, datatable):
    """The reports a plan asks of its reporting units, one row per unit and report."""
    plan_id = context["plans"][title] if title else unit_plan(planflow, unit)
    with planflow.unit_of_work() as ctx:
        found = obligation_rows(ctx.session, ctx.clock.today(), plan_id=plan_id)
    wanted = KIND_LABELS[REPORT_KINDS[kind]] if kind else None
    assert_table(datatable, [r for r in found if wanted in (None, r["kind_label"])], OBLIGATION_COLUMNS)
