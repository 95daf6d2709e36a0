"""The designer and the instance diagram in English: the bundles take the page's language (<html lang>, the user's
choice) for planflow's own words (webapp/frontend/src/i18n/ui.js) and leave the libraries' English as it is."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_modeler_bundle import LANE_PROCESS, select
from tests.browser.waiting import wait_until
from tests.webapp.test_english import vietnamese

# The panel's and the diagram's own words: labels, group titles, descriptions, lint findings, buttons' titles. The
# element names, lane names and values in the fields are the diagram's data and are not among them.
INTERFACE_TEXT = """() => [
    ...document.querySelectorAll('#designer-properties .bio-properties-panel-group-header-title, '
      + '#designer-properties .bio-properties-panel-label, #designer-properties .bio-properties-panel-description, '
      + '.bjsl-overlay, .bjsl-button, #designer-status')].map((node) => node.textContent)
  .concat([...document.querySelectorAll('.djs-palette [title], .djs-context-pad [title]')].map((n) => n.title))"""


def sign_in_in_english(page: Page, live_server: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("planflow")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_the_designers_palette_panel_and_lint_findings_are_in_english(page: Page, live_server):
    sign_in_in_english(page, live_server, "designer.30")
    page.goto(f"{live_server}/designer/plan_lifecycle")
    wait_until(page, "window.planflowDesigner")
    expect(page.locator(".djs-palette").get_by_role("button", name="Create task", exact=True)).to_have_count(1)

    select(page, "draft_plan")
    panel = page.locator("#designer-properties")
    for label in ("Role that performs it", "Instructions", "Form (JSON Schema)", "Plan status", "Due (expression)"):
        expect(panel.get_by_label(label, exact=True)).to_be_visible()
    select(page, "send_to_recipients")
    expect(panel.get_by_label("System operation", exact=True)).to_be_visible()
    shown = page.evaluate(INTERFACE_TEXT)
    assert shown and not [text for text in shown if vietnamese(text)]

    page.evaluate("xml => window.planflowDesigner.modeler.importXML(xml)", LANE_PROCESS)
    expect(page.locator("[data-container-id='draft'] .bjsl-overlay")).to_contain_text(
        "The user task is in no lane (role)")
    shown = page.evaluate(INTERFACE_TEXT)
    assert not [text for text in shown if vietnamese(text)]


def test_an_officers_instance_diagram_is_in_english(page: Page, live_server, driver):
    _, instance_id = driver.drafted_plan("Kế hoạch dân vận chính quyền năm 2024", "Đối thoại với Nhân dân")
    sign_in_in_english(page, live_server, "officer.298")
    page.goto(f"{live_server}/instances/{instance_id}")
    wait_until(page, "window.planflowViewer")
    expect(page.locator(".pf-legend")).to_have_text("CompletedIn progressWaiting")

    page.evaluate("""() => { const viewer = window.planflowViewer;
        const element = viewer.get('elementRegistry').get('draft_plan');
        viewer.get('eventBus').fire('element.click', { element }); }""")
    details = page.locator("#instance-element")
    expect(details).to_contain_text("Completed by officer.298 at 08:00 01/03/2024")
    assert not vietnamese(details.locator("p").first.inner_text())
