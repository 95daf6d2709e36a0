"""English means English: with English chosen, no page shows a Vietnamese word of its own.

Every kind of user signs in with English chosen on the sign-in page and opens every main page. The page's own
text (its text nodes, and the attributes a person reads: title, aria-label, placeholder, alt, label, data-confirm)
must hold no Vietnamese letter. What users and documents wrote (titles, names, unit names, comments, the document
as issued) is marked in the templates with `lang="vi"` (which also tells a screen reader to read it as
Vietnamese) and left out; nothing else is. A Vietnamese letter is found exactly: đ, or a Latin letter carrying a
combining mark after NFD (U+0300–U+0323: the tone marks and the marks of ă â ê ô ơ ư).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import session
from lxml import etree, html

from engine.core import WORKFLOWS_DIR
from tests.engine.test_incidents import deploy_and_start, timer_process
from tests.signatures.fixtures import signing, signing_folder, signing_world  # noqa: F401 - fixtures
from tests.support import APPROVE, Driver
from tests.webapp.test_designer import RENAMED
from tests.webapp.test_plan_import_pages import SEED_000
from tests.webapp.test_plan_import_pages import _form as review_form
from tests.webapp.test_plan_import_pages import _upload as upload_plan
from webapp import create_app
from webapp.i18n import ENGLISH, lang_of

DISTRICT, COMMUNES = "298", ("11089", "11113", "11146")
DRAFT, REVIEW, SIGN, ISSUE = ("Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch",
                              "Vào sổ, ban hành kế hoạch")
RECEIVE = "Tiếp nhận kế hoạch cấp trên"
PLAN = {
    "title": "Kế hoạch công tác dân vận chính quyền năm 2024",
    "summary": "I. MỤC ĐÍCH, YÊU CẦU\nTăng cường đối thoại với Nhân dân.",
    "recipients": ["UBND tỉnh", "UBND các xã, thị trấn"], "subplan_due": "2024-04-15",
    "reporting": [{"kind": "six_month", "reporters": "UBND các xã, thị trấn", "due": "trước ngày 30/5",
                   "via": "qua Phòng Nội vụ"}],
    "assignments": [{"line": "Phòng Nội vụ", "lead": True, "responsibilities": ["Tham mưu tổ chức thực hiện"]}],
}
# Attributes a person reads or hears (data-confirm: the question asked before what cannot be undone); the `value`
# of a text box is what someone typed, not the page's.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "label", "data-confirm")
COMBINING_OVER_LATIN = re.compile(r"[A-Za-z][\u0300-\u0323]")
BPMN, SPIFF = "{http://www.omg.org/spec/BPMN/20100524/MODEL}", "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
FRONTEND = Path(__file__).resolve().parents[2] / "webapp" / "frontend"


def vietnamese(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in decomposed.lower() or bool(COMBINING_OVER_LATIN.search(decomposed))


def test_the_letter_check_finds_every_vietnamese_letter_and_nothing_else():
    assert all(vietnamese(word) for word in ("Kế", "hoạch", "đ", "Đ", "ă", "ư", "ơ", "ô", "â", "ê", "Ý", "ỵ"))
    assert not any(vietnamese(word) for word in ("Plans", "Reports — 2024", "«Sign»", "→ №", "KT. 09/KH-UBND"))


def interface_text(page: str) -> Iterator[tuple[str, str]]:
    """(where, text) for each piece of the page's own text.

    Left out: scripts and styles; whatever is in Vietnamese by its nearest `lang` (HTML's own rule: an element's
    language is that of its nearest ancestor-or-self with a `lang`; the page is lang="en"); and, in an element's own
    text and attributes, the values its `data-user-text` names (an option or an attribute holds no markup, so a
    name inside it is declared there). The page's <title> repeats its heading: data marked in the page is taken
    out of it.
    """
    root = html.document_fromstring(page)
    marked = sorted({e.text_content().strip() for e in root.iter() if isinstance(e.tag, str) and _in_vietnamese(e)
                     and e.tag != "html"} - {""}, key=len, reverse=True)
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style") or _in_vietnamese(element):
            continue
        declared = [v for v in (element.get("data-user-text") or "").split("\n") if v]
        if element.tag == "title":
            declared += marked
        where = _path(element)
        pieces = [(where + f"@{name}", element.get(name)) for name in READ_ATTRIBUTES if element.get(name)]
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            pieces.append((where + "@value", element.get("value") or ""))
        pieces.append((where, element.text or ""))
        for child in element:
            pieces.append((where, child.tail or ""))
        for place, text in pieces:
            for value in declared:
                text = text.replace(value, " ")
            if text.strip():
                yield place, text


def _in_vietnamese(element) -> bool:
    """HTML's rule: the language of an element is the `lang` of its nearest ancestor-or-self that has one."""
    for node in (element, *element.iterancestors()):
        if node.get("lang") is not None:
            return node.get("lang").lower().startswith("vi")
    return False


def _path(element) -> str:
    parts = []
    for node in [element, *element.iterancestors()][:4]:
        label = node.tag + (f".{node.get('class').split()[0]}" if node.get("class") else "")
        parts.append(label + (f"#{node.get('id')}" if node.get("id") else ""))
    return " < ".join(parts)


def vietnamese_in(page: str) -> list[str]:
    return [f"{where}: {text.strip()[:120]}" for where, text in interface_text(page) if vietnamese(text)]


@pytest.fixture
def seeded(demo3, driver: Driver, clock) -> dict:
    """A district with a task of every kind open: plans at each step of their lifecycle (one of them returned with
    a comment), the communes' six-month reports at each step, the district's own report in review, an incident."""
    clock.fixed = datetime(2024, 3, 1, 9)
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30")
    district = next(c for c in driver.plan(province)["children"] if c["unit"] == DISTRICT)["id"]
    driver.act(f"clerk.{DISTRICT}", RECEIVE, {}, district)
    driver.issue(district, DISTRICT)
    for stop in (REVIEW, SIGN, ISSUE):
        plan_id = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
        driver.act(f"officer.{DISTRICT}", DRAFT, PLAN, plan_id)
        if stop in (SIGN, ISSUE):
            driver.act(f"head.{DISTRICT}", REVIEW, APPROVE, plan_id)
        if stop == ISSUE:
            driver.act(f"chair.{DISTRICT}", SIGN, APPROVE, plan_id)
    returned = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
    driver.act(f"officer.{DISTRICT}", DRAFT, PLAN, returned)
    driver.act(f"head.{DISTRICT}", REVIEW, {"decision": "return", "comment": "Bổ sung mục kinh phí."}, returned)
    clock.fixed = datetime(2024, 5, 10, 9)
    driver.run_due()
    on_time, sending, to_sign = COMMUNES
    driver.send_report(on_time, {"dialogues_held": 2}, results="Kết quả thực hiện của xã")
    driver.send_report(sending, {"dialogues_held": 3}, results="Kết quả thực hiện của xã", until="Vào sổ, gửi báo cáo")
    driver.send_report(to_sign, {"dialogues_held": 1}, results="Kết quả thực hiện của xã",
                       until="Phê duyệt, ký báo cáo")
    incident = deploy_and_start(driver.planflow, timer_process("tiep_dan", "x = 1/0"), "tiep_dan")
    clock.fixed = datetime(2024, 5, 25, 9)
    driver.run_due()
    driver.act(f"officer.{DISTRICT}", "Soạn báo cáo", {"results": "Tổng hợp báo cáo của các xã.",
                                                       "indicators": {"dialogues_held": 2}})
    return {"district_plan": district, "incident": incident}


def pages_of(client, driver: Driver, user: str) -> list[str]:
    """The user's main pages, each of their open tasks (and the signing page of those signed), the plans and
    reports their lists link to, and the document of the first plan."""
    pages = ["/", "/plans", "/reports", "/notifications", "/delegations", "/profile", "/tasks/no-such-task"]
    for task in driver.tasks(user):
        pages.append(f"/tasks/{task['id']}")
        if client.get(f"/tasks/{task['id']}/sign").status_code == 200:
            pages.append(f"/tasks/{task['id']}/sign")
    for listing, pattern in (("/plans", r'href="(/plans/\d+)"'), ("/reports", r'href="(/reports/\d+)"')):
        pages += list(dict.fromkeys(re.findall(pattern, client.get(listing).get_data(as_text=True))))[:6]
    pages.append(next(page for page in pages if page.startswith("/plans/")) + "/document")
    if user == f"officer.{DISTRICT}":
        pages += ["/plans/import", f"/reports/dashboard?unit={DISTRICT}&year=2024&kind=six_month"]
    return pages


USERS = [f"{role}.{DISTRICT}" for role in ("officer", "head", "chair", "clerk")]
USERS += [f"{role}.{code}" for role, code in (("officer", "11089"), ("clerk", "11113"), ("chair", "11146"))]
ADMIN_PAGES = ["/admin", f"/admin/units/{DISTRICT}/agencies", f"/admin/users/officer.{DISTRICT}", "/admin/incidents",
               "/admin/incidents?status=resolved", "/admin/worker", "/delegations", "/profile"]
DESIGNER_PAGES = ["/designer", "/designer/plan_lifecycle", "/designer/plan_lifecycle/versions",
                  "/designer/document_receipt", "/designer/new?kind=dmn", "/designer/new?kind=bpmn",
                  "/designer/plan_lifecycle/migrate?to=1"]
# Answers to a form post, each shown with its message: a delegation made, a draft design saved.
DELEGATION = {"role": "chair", "delegate": f"vice_chair.{DISTRICT}", "starts_on": "2024-05-27",
              "ends_on": "2024-05-29", "reason": "Đi công tác"}
MISSING = 404  # /tasks/no-such-task: the error page is a page too


def sign_in_in_english(app, username: str):
    """English chosen on the sign-in page, then signing in (which keeps it: tests/webapp/test_auth.py)."""
    client = app.test_client()
    client.get("/language/en?next=/login")
    response = client.post("/login", data={"username": username, "password": "planflow"})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def english_page(response, where: str) -> str:
    """The page, after checking it is an English page with words of its own (not all marked as data)."""
    page = response.get_data(as_text=True)
    root = html.document_fromstring(page)
    assert root.get("lang") == "en" or where.endswith("/document"), where
    assert len([text for _place, text in interface_text(page)]) >= 5, f"{where}: almost no interface text"
    return page


def test_every_page_speaks_english_for_every_kind_of_user(app, driver, seeded):
    found: dict[str, list[str]] = {}
    visited = 0
    for user in USERS:
        client = sign_in_in_english(app, user)
        for path in pages_of(client, driver, user):
            response = client.get(path)
            assert response.status_code == (MISSING if "no-such-task" in path else 200), (user, path)
            visited += 1
            if problems := vietnamese_in(english_page(response, f"{user} {path}")):
                found[f"{user} {path}"] = problems
        if user == f"chair.{DISTRICT}":
            made = client.post("/delegations", data=DELEGATION, follow_redirects=True)
            assert "Delegation saved." in made.get_data(as_text=True)
            if problems := vietnamese_in(english_page(made, "a delegation made")):
                found[f"{user} POST /delegations"] = problems
    admin = sign_in_in_english(app, "admin.30")
    designer = sign_in_in_english(app, "designer.30")
    saved = designer.post("/designer/drafts", data=RENAMED, headers={"Content-Type": "application/xml"})
    assert saved.status_code == 200
    for user, client, pages in (
            ("admin.30", admin, ADMIN_PAGES + [f"/admin/instances/{seeded['incident']}/repair",
                                               f"/instances/{seeded['incident']}"]),
            ("designer.30", designer, DESIGNER_PAGES)):
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, (user, path, response.status_code)
            visited += 1
            if problems := vietnamese_in(english_page(response, f"{user} {path}")):
                found[f"{user} {path}"] = problems
    anonymous = app.test_client()
    anonymous.get("/language/en")
    if problems := vietnamese_in(english_page(anonymous.get("/login"), "/login")):
        found["/login"] = problems
    assert visited > 100
    assert not found, "\n".join(f"{page}\n  " + "\n  ".join(lines) for page, lines in found.items())


def test_the_check_finds_the_vietnamese_of_the_same_pages_in_vietnamese(app, driver, seeded, login_as):
    """The pages above in the default language, read as if they were English: the check sees their labels, so the
    English pages passing is no accident."""
    client = login_as(f"officer.{DISTRICT}")
    for path in ("/", f"/plans/{seeded['district_plan']}", "/reports", "/notifications"):
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="vi">' in page
        assert len(vietnamese_in(page.replace('<html lang="vi">', '<html lang="en">'))) >= 5, path


def test_nothing_marked_as_data_is_a_label_with_an_english_entry(app, driver, seeded):
    """The reverse mistake: a label marked lang="vi" would hide from the check; none of the marked texts is one of
    the interface's labels (webapp/i18n.py), on the pages of the officer and the head."""
    for user in (f"officer.{DISTRICT}", f"head.{DISTRICT}"):
        client = sign_in_in_english(app, user)
        for path in pages_of(client, driver, user):
            root = html.document_fromstring(client.get(path).get_data(as_text=True))
            marked = {" ".join(e.text_content().split()) for e in root.iter()
                      if isinstance(e.tag, str) and e.tag != "html" and (e.get("lang") or "").startswith("vi")}
            assert not {text for text in marked if text in ENGLISH}, (user, path)


def test_the_signing_confirmation_and_the_signed_files_check_are_in_english(signing, tmp_path):  # noqa: F811
    """Ký số: the chair's confirmation (what is signed, the certificate, the secret) and, once signed, the clerk's
    issue confirmation and the plan page's line beside the signed copy."""
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                      "FILES_DIR": str(tmp_path / "files")}, planflow=signing.planflow)
    driver = Driver(signing.planflow)
    plan_id = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
    driver.act(f"officer.{DISTRICT}", DRAFT, PLAN, plan_id)
    driver.act(f"head.{DISTRICT}", REVIEW, APPROVE, plan_id)
    found: dict[str, list[str]] = {}

    def visit(user: str, *paths: str) -> None:
        client = sign_in_in_english(app, user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (user, path)
            if problems := vietnamese_in(english_page(response, f"{user} {path}")):
                found[f"{user} {path}"] = problems

    visit(f"chair.{DISTRICT}", f"/tasks/{driver.task(f'chair.{DISTRICT}', SIGN, plan_id)['id']}/sign")
    signing.act(f"chair.{DISTRICT}", SIGN, APPROVE, plan_id)
    visit(f"clerk.{DISTRICT}", f"/tasks/{driver.task(f'clerk.{DISTRICT}', ISSUE, plan_id)['id']}/sign",
          f"/plans/{plan_id}")
    assert not found, "\n".join(f"{page}\n  " + "\n  ".join(lines) for page, lines in found.items())


def test_english_chosen_on_the_sign_in_page_survives_signing_in_and_out(app):
    client = app.test_client()
    assert '<html lang="vi">' in client.get("/login").get_data(as_text=True)
    chosen = client.get("/language/en?next=/login")
    assert chosen.headers["Location"] == "/login"
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)

    signed_in = client.post("/login", data={"username": f"officer.{DISTRICT}", "password": "planflow"},
                            follow_redirects=True)
    assert '<html lang="en">' in signed_in.get_data(as_text=True) and "My work" in signed_in.get_data(as_text=True)

    signed_out = client.post("/logout", follow_redirects=True)
    assert '<html lang="en">' in signed_out.get_data(as_text=True) and "Sign in" in signed_out.get_data(as_text=True)
    client.delete_cookie("session")  # a new browser session, or one the server ended: the choice stays
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)

    client.get("/language/vi?next=/login")
    assert '<html lang="vi">' in client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": f"officer.{DISTRICT}", "password": "planflow"})
    assert "Việc của tôi" in client.get("/").get_data(as_text=True)


def test_a_language_that_is_not_offered_changes_nothing(app):
    client = app.test_client()
    client.get("/language/en")
    client.get("/language/fr")
    client.set_cookie("planflow_lang", "xx")
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)  # the session's choice stands
    fresh = app.test_client()
    fresh.set_cookie("planflow_lang", "<script>")
    assert '<html lang="vi">' in fresh.get("/login").get_data(as_text=True)


def test_every_word_of_the_shipped_processes_has_english():
    """Step names, instructions and form titles of workflows/*.bpmn are shown through `named`: each has English, or
    an English page would show it in Vietnamese."""
    words = set()
    for path in WORKFLOWS_DIR.glob("*.bpmn"):
        root = etree.parse(str(path)).getroot()
        words |= {e.get("name") for e in root.iter(f"{BPMN}userTask", f"{BPMN}process") if e.get("name")}
        words |= {(e.text or "").strip() for e in root.iter(f"{SPIFF}instructionsForEndUser")}
        for prop in root.iter(f"{SPIFF}property"):
            if prop.get("name") == "formSchema":
                words |= set(_titles(json.loads(prop.get("value"))))
    assert len(words) > 40
    with create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": "sqlite://"}).test_request_context():
        session["lang"] = "en"
        assert not sorted(word for word in words if lang_of(word) != "en")


def _titles(schema: object):
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "title" and isinstance(value, str):
                yield value
            else:
                yield from _titles(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _titles(value)


def test_the_bundles_own_words_all_have_english():
    """Every text the designer and viewer bundles pass to t() has an entry in the table of i18n/ui.js."""
    source = FRONTEND / "src"
    table = (source / "i18n" / "ui.js").read_text(encoding="utf-8")
    used = set()
    for path in [*source.rglob("*.js"), *source.rglob("*.jsx")]:
        text = path.read_text(encoding="utf-8")
        used |= {a + b for a, b in re.findall(r"\bt\('((?:[^'\\]|\\.)*)'(?:\s*\+\s*'((?:[^'\\]|\\.)*)')?", text)}
    assert len(used) > 50
    entries = {a + b for a, b in re.findall(r"^  '((?:[^'\\]|\\.)*)'(?:\s*\+\s*'((?:[^'\\]|\\.)*)')?:", table, re.M)}
    assert not sorted(used - entries)


def test_importing_a_plan_from_its_text_is_in_english(app, demo3, clock):
    """The review of what was read (each item beside its source line) and the recorded plan's page."""
    clock.fixed = datetime(2023, 4, 1, 9)
    officer = sign_in_in_english(app, f"officer.{DISTRICT}")
    review = upload_plan(officer, "ke-hoach.txt", SEED_000.read_bytes())
    assert review.status_code == 200
    form = review_form(review.get_data(as_text=True)) | {"doc-number_symbol": "47/KH-UBND", "doc-date": "15/03/2023",
                                                         "outcome": "external"}
    saved = officer.post("/plans/import/save", data=form)
    assert saved.status_code == 302
    done = officer.get(saved.headers["Location"])
    for page, where in ((review, "review"), (done, "recorded")):
        assert not vietnamese_in(english_page(page, where)), where
