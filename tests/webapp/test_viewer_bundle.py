"""Read-only diagrams load the viewer bundle (bpmn-js's NavigatedViewer), not the designer's modeler.

The bundles are built by `make frontend` (webapp/frontend/build.mjs) into webapp/static/vendor/, which is not
committed: like tests/browser/test_modeler_bundle.py, the size test needs them built (`make test` and CI do).
"""

from __future__ import annotations

from pathlib import Path

from lxml import html

import webapp

VENDOR = Path(webapp.__file__).parent / "static" / "vendor"
VIEWER, MODELER = VENDOR / "viewer" / "viewer.js", VENDOR / "designer" / "designer.js"


def test_an_officers_instance_page_loads_the_viewer_and_not_the_modeler(driver, login_as):
    plan_id, instance_id = driver.drafted_plan("Kế hoạch dân vận chính quyền năm 2024", "Đối thoại với Nhân dân")
    page = html.fromstring(login_as("officer.298").get(f"/instances/{instance_id}").get_data(as_text=True))
    scripts = [s.get("src") for s in page.iter("script") if s.get("src")]
    styles = [link.get("href") for link in page.iter("link") if link.get("rel") == "stylesheet"]
    assert "/static/vendor/viewer/viewer.js" in scripts and "/static/vendor/viewer/viewer.css" in styles
    assert not [url for url in scripts + styles if "vendor/designer/" in url]
    assert page.get_element_by_id("instance-diagram") is not None


def test_the_designer_still_loads_the_modeler(login_as):
    page = html.fromstring(login_as("designer.30").get("/designer/plan_lifecycle").get_data(as_text=True))
    scripts = [s.get("src") for s in page.iter("script") if s.get("src")]
    assert "/static/vendor/designer/designer.js" in scripts
    assert not [url for url in scripts if "vendor/viewer/" in url]


def test_the_viewer_bundle_is_under_half_the_modelers_size():
    assert MODELER.exists() and VIEWER.exists(), "the bundles are missing: run `make frontend`"
    assert VIEWER.stat().st_size < MODELER.stat().st_size / 2
