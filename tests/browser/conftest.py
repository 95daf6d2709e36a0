"""Browser tests: the real app on a local port, driven in Debian's Chromium by Playwright.

`playwright install` cannot download browsers here, so the launch points at /usr/bin/chromium
(DESIGN.md §6). Without Chromium these tests are skipped, unless PLANFLOW_REQUIRE_BROWSER=1 (CI)
makes its absence a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from webapp import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("PLANFLOW_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run).")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def live_server(demo3) -> Iterator[str]:
    """The application over the test database, served on a free local port; yields its address."""
    app = create_app({"TESTING": True, "SECRET_KEY": "browser-tests"}, planflow=demo3)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in("officer.298")`: the page signs out whoever was in, then signs in as that demo user."""

    def as_user(username: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server}/login")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill("planflow")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server}/")

    return as_user
