"""The designer's story in Chromium: a review step added to the plan lifecycle in the modeler, its lint
warning fixed in the properties panel, the version deployed; a new plan goes through the new step while an
older plan carries on with its old version, and another older plan is migrated to the new one."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.confirming import Questions
from tests.browser.waiting import wait_until
from tests.support import APPROVE

RECHECK = "Thẩm định lại"
DRAFT, REVIEW, SIGN = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch"
NO_LANE = "Nhiệm vụ người dùng chưa thuộc làn (vai trò) nào"

# What a designer does with the mouse in the drafting round: make room after the review's "Trình ký" branch,
# drop a user task there and wire it between the review decision and the signing. Returns the new task's id.
ADD_STEP_AFTER_REVIEW = """() => {
  const modeler = window.planflowDesigner.modeler;
  const [canvas, registry, modeling] = ['canvas', 'elementRegistry', 'modeling'].map((s) => modeler.get(s));
  const round = canvas.findRoot('drafting_round_plane');
  canvas.setRootElement(round);
  const sign = registry.get('approve_and_sign');
  const right = registry.filter((e) => e.parent === round && !e.waypoints && !e.labelTarget && e.x >= sign.x);
  modeling.moveElements(right, { x: 160, y: 0 });
  const step = modeling.createShape({ type: 'bpmn:UserTask' }, { x: sign.x - 110, y: sign.y + sign.height / 2 }, round);
  const passed = registry.get('flow_review_passed');
  modeling.reconnectEnd(passed, step, { x: step.x, y: step.y + step.height / 2 });
  modeling.connect(step, sign);
  modeler.get('selection').select(step);
  return step.id;
}"""


def lint_issues(page: Page) -> int:
    return int(page.evaluate("document.body.dataset.lintIssues || '0'"))


def open_group(page: Page, title: str) -> None:
    header = page.locator(".bio-properties-panel-group-header", has_text=title)
    if "open" not in (header.get_attribute("class") or ""):
        header.click()


def add_review_step_and_deploy(page: Page) -> str:
    page.get_by_role("link", name="Thiết kế quy trình", exact=True).click()
    page.get_by_role("row", name="plan_lifecycle").get_by_role("link", name="Mở trong trình thiết kế").click()
    wait_until(page, "window.planflowDesigner")
    shipped_issues = lint_issues(page)

    step_id = page.evaluate(ADD_STEP_AFTER_REVIEW)
    open_group(page, "Chung")
    page.get_by_label("Tên", exact=True).fill(RECHECK)
    # The new task belongs to no role yet: the linter says so on the diagram.
    wait_until(page, f"Number(document.body.dataset.lintIssues) > {shipped_issues}")
    warning = page.locator(f'.djs-overlays[data-container-id="{step_id}"] .bjsl-overlay')
    warning.hover()
    expect(warning.get_by_text(NO_LANE)).to_be_visible()

    open_group(page, "Nhiệm vụ người dùng")
    page.get_by_label("Vai trò thực hiện").select_option(label="Trưởng phòng")
    wait_until(page, f"Number(document.body.dataset.lintIssues) === {shipped_issues}")
    expect(page.get_by_text(NO_LANE)).to_have_count(0)

    questions = Questions(page)  # deploying asks first; yes
    page.get_by_role("button", name="Lưu và triển khai").click()
    expect(page.locator("#designer-status")).to_contain_text("Đã triển khai phiên bản 2")
    assert questions.asked and questions.asked[0].startswith("Triển khai bản vẽ này thành phiên bản mới?")
    return step_id


def test_a_designer_adds_a_review_step_deploys_it_and_migrates_an_older_plan(
        page: Page, live_server, sign_in, driver):
    waiting_at_draft = driver.start_plan("298", "officer.298")
    carrying_on = driver.start_plan("294", "officer.294")

    sign_in("designer.30")
    step_id = add_review_step_and_deploy(page)

    # A plan started now runs on version 2: after the review, the head checks it again.
    newer = driver.start_plan("11089", "officer.11089")
    driver.act("officer.11089", DRAFT, {"title": "Kế hoạch năm 2024"}, newer)
    driver.act("head.11089", REVIEW, APPROVE, newer)
    sign_in("head.11089")
    page.get_by_role("link", name=RECHECK).click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    assert driver.task("chair.11089", SIGN, newer)

    # An older plan carries on with the version it started on: from the review straight to signing.
    driver.act("officer.294", DRAFT, {"title": "Kế hoạch năm 2024"}, carrying_on)
    driver.act("head.294", REVIEW, APPROVE, carrying_on)
    assert driver.task("chair.294", SIGN, carrying_on)

    # The designer moves the plan still at its draft to version 2, and only that one.
    sign_in("designer.30")
    page.goto(f"{live_server}/designer/plan_lifecycle/versions")
    page.get_by_role("link", name="Chuyển các phiên bản đang chạy").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_role("row", name="Thanh Hà").get_by_role("checkbox").uncheck()
    page.get_by_role("button", name="Chuyển các phiên bản đã chọn").click()
    expect(page.get_by_text("Đã chuyển 1 hồ sơ sang phiên bản 2")).to_be_visible()

    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"}, waiting_at_draft)
    driver.act("head.298", REVIEW, APPROVE, waiting_at_draft)
    assert driver.task("head.298", RECHECK, waiting_at_draft)
    assert driver.task("chair.294", SIGN, carrying_on)  # left where it was

    # The migrated plan's diagram shows the new step as the one being worked on.
    sign_in("head.298")
    page.goto(f"{live_server}/plans/{waiting_at_draft}")
    page.get_by_role("link", name="Xem sơ đồ quy trình").first.click()
    expect(page.get_by_text("phiên bản 2")).to_be_visible()
    wait_until(page, "window.planflowViewer")
    page.evaluate("() => { const c = window.planflowViewer.get('canvas'); "
                  "c.setRootElement(c.findRoot('drafting_round_plane')); }")
    expect(page.locator(f'g.djs-element[data-element-id="{step_id}"]')).to_have_class("djs-element djs-shape pf-active")


def test_a_refused_deploy_lists_each_problem_outlines_its_element_and_stores_nothing(
        page: Page, live_server, sign_in):
    sign_in("designer.30")
    page.goto(f"{live_server}/designer/plan_lifecycle")
    wait_until(page, "window.planflowDesigner")
    page.evaluate("""() => {
      const modeler = window.planflowDesigner.modeler, canvas = modeler.get('canvas');
      canvas.setRootElement(canvas.findRoot('drafting_round_plane'));
      modeler.get('selection').select(modeler.get('elementRegistry').get('draft_plan'));
    }""")
    open_group(page, "Nhiệm vụ người dùng")
    page.get_by_label("Hạn xử lý (biểu thức)").fill("__import__('os').getcwd()")

    Questions(page)  # deploying asks first; yes
    page.get_by_role("button", name="Lưu và triển khai").click()
    problem = page.locator("#designer-problems li", has_text="draft_plan")
    expect(problem).to_contain_text("__import__")
    expect(page.locator('g.djs-element[data-element-id="draft_plan"]')).to_have_class(re.compile(r"\bpf-problem\b"))
    page.goto(f"{live_server}/designer/plan_lifecycle/versions")
    expect(page.get_by_role("heading", name="Phiên bản 2")).to_have_count(0)
