"""Waiting for the page's own state under the site's Content-Security-Policy.

Playwright's `wait_for_function` compiles a polled predicate with eval(), which the policy (no 'unsafe-eval')
refuses, as it should. `page.evaluate` runs through the browser's debugging protocol, outside the page's policy.
"""

from __future__ import annotations

import time

from playwright.sync_api import Page


def wait_until(page: Page, expression: str, timeout_ms: int = 30_000) -> None:
    """Poll a JavaScript expression until it is truthy."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"Trang không đạt trạng thái chờ: {expression}")
        page.wait_for_timeout(50)
