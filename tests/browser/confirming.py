"""Answering the question a page asks before what cannot be undone (window.confirm, webapp/static/forms.js)."""

from __future__ import annotations

from playwright.sync_api import Dialog, Page


class Questions:
    """Answers every question the page asks from now on, `yes` or not, and keeps what was asked.

    A leave-page question (beforeunload) is answered "leave": these tests leave pages by submitting them.
    """

    def __init__(self, page: Page, yes: bool = True):
        self.yes = yes
        self.asked: list[str] = []
        page.on("dialog", self._answer)

    def _answer(self, dialog: Dialog) -> None:
        if dialog.type != "confirm":
            dialog.accept()
            return
        self.asked.append(dialog.message)
        if self.yes:
            dialog.accept()
        else:
            dialog.dismiss()
