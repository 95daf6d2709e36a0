"""(e) The users of a deadline day, for Locust (`bench/web_load.py` starts it; run alone, see its docstring).

Every user signs in through the real form (with its CSRF token), then works as a browser would, one step per Locust
task with the think time between: officers open their commune's six-month report, save a draft, change it and
submit it; heads review what their officer submitted; chairs sign the reports waiting for them (on the ký số
confirmation when the commune signs digitally); district staff read their dashboard. After its work a user keeps
reading its inbox. Requests are named by page, so Locust's figures come out per page; a POST is timed alone
(redirects not followed) and the page it leads to is fetched next, as the browser would.

The accounts come from the JSON file named by PLANFLOW_LOAD_ACCOUNTS (bench/web_load.py writes it):
{"password": …, "year": …, "kind": …, "think": [min, max], "digital": bool, "accounts": {kind: [username, …]}}.
"""

from __future__ import annotations

import csv
import json
import os
import random
import time
from collections import defaultdict
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task
from lxml import html

SETTINGS = json.loads(Path(os.environ["PLANFLOW_LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TAKEN: defaultdict[str, count] = defaultdict(count)  # how many users of each kind have taken an account
DRAFT, REVIEW, SIGN = "Soạn báo cáo", "Thẩm định báo cáo", "Phê duyệt, ký báo cáo"
TIMINGS = os.environ.get("PLANFLOW_LOAD_TIMINGS")  # where the measured load leaves every request's timing (CSV)
_timings: list[tuple[float, str, float, str]] = []  # (start, page, milliseconds, failure or "")
REPORT_TEXT = ("Triển khai kế hoạch công tác dân vận chính quyền 6 tháng đầu năm: tổ chức đối thoại với Nhân dân, "
               "giải quyết đơn thư, đăng ký mô hình «Dân vận khéo» tại {unit}.")


class DeadlineUser(FastHttpUser):
    """One person: an account of their kind taken in turn (SETTINGS), a browser's cookie jar, a step in their work."""

    abstract = True
    kind = ""
    wait_time = between(*SETTINGS["think"])

    def on_start(self) -> None:
        pool = SETTINGS["accounts"][self.kind]
        self.username = pool[next(TAKEN[self.kind]) % len(pool)]
        self.unit = self.username.split(".", 1)[1]
        self.step = "inbox"
        self.form: list[tuple[str, str]] = []
        self.task_id = ""
        self.sign_in()

    # --- pages ------------------------------------------------------------------------------------------

    def sign_in(self) -> None:
        page = self.get("/login", "sign-in page")
        token = _field(page, "csrf_token") if page is not None else None
        if token is None:
            return
        self.post("/login", "sign in", {"csrf_token": token, "next": "", "username": self.username,
                                        "password": SETTINGS["password"]}, expect="/")

    def get(self, path: str, name: str) -> html.HtmlElement | None:
        """The page parsed, or None when it did not answer 200 (the request is then marked failed)."""
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(_problem(response))
                return None
            return html.fromstring(response.text)

    def post(self, path: str, name: str, data: list[tuple[str, str]] | dict[str, str], expect: str) -> bool:
        """A form sent; it succeeds when the app redirects to `expect` (where the browser goes next)."""
        body = urlencode(list(data.items()) if isinstance(data, dict) else data)  # fields may repeat: a list
        with self.client.post(path, name=name, data=body, headers=FORM, catch_response=True,
                              allow_redirects=False) as response:
            where = (response.headers or {}).get("Location", "")  # no headers: no answer (connection lost)
            if response.status_code not in (302, 303) or not where.split("?")[0].endswith(expect):
                response.failure(_problem(response))
                return False
            response.success()
            return True

    def inbox_task(self, task_name: str) -> str | None:
        """Read the inbox; the id of the first task of that name in it, if any."""
        page = self.get("/", "inbox")
        if page is None:
            return None
        for link in page.xpath('//a[starts-with(@href, "/tasks/")]'):
            if task_name in link.text_content():
                return str(link.get("href")).rsplit("/", 1)[1]
        return None

    def task_form(self, task_id: str) -> list[tuple[str, str]] | None:
        """Open the task; the values of its form as the page fills them (buttons left out)."""
        page = self.get(f"/tasks/{task_id}", "task page")
        forms = page.xpath('//form[@id="task-form"]') if page is not None else []
        return list(forms[0].form_values()) if forms else None

    # --- the work: one step per Locust task ----------------------------------------------------------

    def take_task(self, task_name: str, next_step: str) -> None:
        """Find the task in the inbox and open it; without one, the user reads the inbox again next time."""
        task_id = self.inbox_task(task_name)
        if task_id is None:
            return
        form = self.task_form(task_id)
        if form is not None:
            self.task_id, self.form, self.step = task_id, form, next_step


class Officer(DeadlineUser):
    """Drafts the commune's six-month report: saves a draft, completes it, submits it."""

    kind, weight = "officer", 5

    @task
    def work(self) -> None:
        if self.step == "inbox":
            self.take_task(DRAFT, "save")
        elif self.step == "save":
            self.form = _written(self.form, self.unit, complete=False)
            if self.post(f"/tasks/{self.task_id}", "save draft", [*self.form, ("action", "save")],
                         expect=f"/tasks/{self.task_id}"):
                self.form = self.task_form(self.task_id) or self.form
                self.step = "submit"
        elif self.step == "submit":
            data = [*_written(self.form, self.unit, complete=True), ("action", "submit")]
            if self.post(f"/tasks/{self.task_id}", "submit report", data, expect="/"):
                self.step = "done"
                self.get("/", "inbox")
        else:
            self.get("/", "inbox")


class Head(DeadlineUser):
    """Approves the report its officer submitted, when it comes."""

    kind, weight = "head", 2

    @task
    def work(self) -> None:
        if self.step == "inbox":
            self.take_task(REVIEW, "approve")
        elif self.step == "approve":
            data = [(k, v) for k, v in self.form if k != "comment"]
            data += [("comment", "Đồng ý nội dung báo cáo."), ("decision", "approve")]
            if self.post(f"/tasks/{self.task_id}", "review: approve", data, expect="/"):
                self.step = "done"
                self.get("/", "inbox")
        else:
            self.get("/", "inbox")


class Chair(DeadlineUser):
    """Signs the report waiting for them: on the ký số confirmation with the key's passphrase, or by approving."""

    kind, weight = "chair", 2

    @task
    def work(self) -> None:
        if self.step == "inbox":
            self.take_task(SIGN, "confirm" if SETTINGS["digital"] else "sign")
        elif self.step == "confirm":
            page = self.get(f"/tasks/{self.task_id}/sign", "sign confirmation")
            forms = page.xpath('//form[contains(@class, "sign-form")]') if page is not None else []
            if forms:
                self.form, self.step = list(forms[0].form_values()), "sign"
        elif self.step == "sign":
            self.sign()
        else:
            self.get("/", "inbox")

    def sign(self) -> None:
        if SETTINGS["digital"]:
            data = [(k, v) for k, v in self.form if k != "signing_secret"] + [("signing_secret", SETTINGS["password"])]
            done = self.post(f"/tasks/{self.task_id}/sign", "sign report (ký số)", data, expect="/")
        else:
            done = self.post(f"/tasks/{self.task_id}", "sign report", [*self.form, ("decision", "approve")],
                             expect="/")
        if done:
            self.step = "done"
            self.get("/", "inbox")


class District(DeadlineUser):
    """Follows the communes' reports on the district's dashboard, and its own inbox now and then."""

    kind, weight = "district", 1

    @task(4)
    def dashboard(self) -> None:
        self.get(f"/reports/dashboard?unit={self.unit}&year={SETTINGS['year']}&kind={SETTINGS['kind']}",
                 "district dashboard")

    @task(1)
    def inbox(self) -> None:
        self.get("/", "inbox")


# --- the warm-up: before the measured load, its figures dropped (bench/web_load.py runs these two alone) ----------
# Each gunicorn worker then has imported, parsed and compiled what the load's pages need, as a server up for days
# has: the first signature of a worker loads fonts, WeasyPrint and pyHanko (seconds), the first page of each kind
# parses its templates and its process's specs.


class WarmUpSigner(Chair):
    """A chair whose report the load leaves alone signs it (as many signers as gunicorn workers: each is likely to
    reach a worker of its own), then reads."""

    kind, weight = "warm-up signer", 1


class WarmUpReader(DeadlineUser):
    """Reads what the load reads and changes nothing: inboxes, task pages, the signing confirmation, dashboards."""

    weight = 1

    def on_start(self) -> None:
        kinds = ("officer", "head", "chair", "district")
        self.kind = kinds[next(TAKEN["warm-up"]) % len(kinds)]
        super().on_start()

    @task
    def read(self) -> None:
        if self.kind == "district":
            self.get(f"/reports/dashboard?unit={self.unit}&year={SETTINGS['year']}&kind={SETTINGS['kind']}",
                     "district dashboard")
        task_id = self.inbox_task({"officer": DRAFT, "head": REVIEW, "chair": SIGN}.get(self.kind, "—"))
        if task_id is not None:
            self.task_form(task_id)
            if self.kind == "chair" and SETTINGS["digital"]:
                self.get(f"/tasks/{task_id}/sign", "sign confirmation")


@events.request.add_listener
def _timed(name: str, response_time: float, exception: Exception | None = None, start_time: float | None = None,
           **_more: Any) -> None:
    """Every request's own time: bench/web_load.py takes exact percentiles per page and per stretch of the load
    from them (Locust's own files round above 100 ms and keep no time of day)."""
    failure = "" if exception is None else " ".join(str(exception).split())[:300]
    _timings.append((start_time or time.time(), name, response_time, failure))


@events.quitting.add_listener
def _write_timings(**_more: Any) -> None:
    if TIMINGS:
        with open(TIMINGS, "w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(_timings)


def _written(form: list[tuple[str, str]], unit: str, complete: bool) -> list[tuple[str, str]]:
    """The report form as the officer leaves it: a draft has the results; the complete one has every count too."""
    written = []
    for name, value in form:
        if name == "results":
            value = REPORT_TEXT.format(unit=unit) + ("" if not complete else " Đã rà soát, hoàn thiện.")
        elif name.startswith("indicators-") and (complete or not value):
            value = str(random.randint(0, 12))
        written.append((name, value))
    return written


def _field(page: html.HtmlElement, name: str) -> str | None:
    values = page.xpath(f'//input[@name="{name}"]/@value')
    return str(values[0]) if values else None


def _problem(response: Any) -> str:
    """What a failed request says: its status and the page's message (a refusal's flash, an error page's heading)."""
    status = response.status_code
    text = response.text or ""
    try:
        page = html.fromstring(text) if text.strip() else None
    except (ValueError, html.etree.ParserError):
        page = None
    said = ""
    if page is not None:
        found = page.xpath('//*[contains(@class, "error")]//text() | //h1//text()')
        said = " ".join(" ".join(str(t) for t in found).split())[:200]
    elif text:
        said = text[:200]
    where = (response.headers or {}).get("Location", "") if status in (301, 302, 303) else ""
    lost = getattr(response, "error", None) if not status else None  # the connection's own error
    return f"{status} {said or where or (str(lost) if lost else '') or 'no answer'}".strip()
