"""CPU of one ký số signature in the web app, in-process: the confirmation page and the signing POST (issue 16).

`python -m bench.signing_cpu [--signatures 12] [--warm-up 2]` (figures: docs/benchmarks.md, (e))

The deadline day of bench/web_state.py, small (2 districts of 9 communes; 8 reports per district wait for their
chair) with ký số on (demo keys, secret "planflow"), in a SQLite file in a temp folder. Each chair signs in through
the Flask test client, opens the confirmation (`GET /tasks/<id>/sign`) and signs (`POST` with the passphrase), one
request at a time: the CPU of each request (time.process_time) is printed per request, then the mean over the
signatures after the warm-up (the first ones load WeasyPrint, pyHanko, fonts and templates), and where the POST's
CPU went: printing the PDF (WeasyPrint), opening the key (PKCS#12), pyHanko's signature, the check of the signed copy.
Nothing is asserted; the machine's load is printed with the figures.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import html

from bench.common import Database, load_average
from bench.web_state import prepare
from engine.org.demo import DEMO_PASSWORD

SIGN_TASK = "ký báo cáo"  # "Phê duyệt, ký báo cáo", the chair's task in the inbox
SECRET_FIELD = "signing_secret"
CPU: defaultdict[str, float] = defaultdict(float)  # seconds of CPU per part of the POST, over the measured ones


def main() -> None:
    args = _parser().parse_args()
    folder = Path(tempfile.mkdtemp(prefix="planflow-signing-cpu-"))
    try:
        database = Database(f"sqlite:///{folder / 'signing.sqlite3'}", folder / "signing.sqlite3")
        day = prepare(database, 2, 9, 8, digital=True, signing_dir=folder / "signing")
        chairs = (day.accounts["chair"] + day.accounts["warm-up signer"])[:args.warm_up + args.signatures]
        print(f"ký số CPU per signature, in-process; {load_average()}; {len(chairs)} chairs, the first "
              f"{args.warm_up} a warm-up", flush=True)
        os.environ.update(PLANFLOW_DATABASE_URL=database.url, PLANFLOW_NOW=day.now.isoformat(),
                          PLANFLOW_FILES_DIR=str(folder / "files"), PLANFLOW_SIGNING_DIR=str(folder / "signing"))
        _measure(chairs, args.warm_up)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(chairs: list[str], warm_up: int) -> None:
    from webapp import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench"})
    _time_parts()
    pages, posts = [], []
    for number, chair in enumerate(chairs):
        if number == warm_up:
            CPU.clear()
        client = app.test_client()
        assert client.post("/login", data={"username": chair, "password": DEMO_PASSWORD}).status_code == 302
        task_id = _sign_task(client.get("/").get_data(as_text=True))
        began = time.process_time()
        page = client.get(f"/tasks/{task_id}/sign")
        page_cpu = time.process_time() - began
        form = _sign_form(page.get_data(as_text=True))
        began = time.process_time()
        answer = client.post(f"/tasks/{task_id}/sign", data=form)
        post_cpu = time.process_time() - began
        if answer.status_code != 302:
            raise SystemExit(f"{chair}: the signature was refused ({answer.status_code})")
        print(f"  {chair:<14} confirmation {page_cpu * 1000:6.0f} ms   signing POST {post_cpu * 1000:6.0f} ms"
              f"{'   (warm-up)' if number < warm_up else ''}", flush=True)
        if number >= warm_up:
            pages.append(page_cpu)
            posts.append(post_cpu)
    print(f"mean over {len(posts)} signatures: confirmation page {_ms(sum(pages) / len(pages))}, signing POST "
          f"{_ms(sum(posts) / len(posts))} (min {_ms(min(posts))}, max {_ms(max(posts))}); {load_average()}")
    for part, seconds in CPU.items():
        print(f"  {part:<48} {_ms(seconds / len(posts))}")


def _sign_task(inbox: str) -> str:
    links = html.fromstring(inbox).xpath('//a[starts-with(@href, "/tasks/")]')
    return next(str(a.get("href")).rsplit("/", 1)[1] for a in links if SIGN_TASK in a.text_content())


def _sign_form(page: str) -> dict[str, str]:
    """The confirmation's form as the browser sends it, with the key's passphrase."""
    form = html.fromstring(page).xpath('//form[contains(@class, "sign-form")]')[0]
    return {**{k: v for k, v in form.form_values() if k != SECRET_FIELD}, SECRET_FIELD: DEMO_PASSWORD}


def _time_parts() -> None:
    """Wrap the parts of a signature so that their CPU adds up in CPU (this process only, for the benchmark)."""
    import weasyprint
    import weasyprint.document

    from engine.discussion import attachments
    from engine.signing import keys, pades

    _timed(weasyprint.HTML, "render", "printing: WeasyPrint layout")
    _timed(weasyprint.document.Document, "write_pdf", "printing: WeasyPrint PDF")
    _timed(keys, "_pkcs12_signer", "opening the key (PKCS#12 with its passphrase)")
    _timed(pades, "sign_pdf", "pyHanko's signature (appearance, CMS, writing)")
    _timed(attachments, "record_check", "checking the signed copy (pyHanko validation)")


def _timed(owner: Any, name: str, part: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            CPU[part] += time.process_time() - began

    setattr(owner, name, timed)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=12, help="signatures measured after the warm-up (12)")
    parser.add_argument("--warm-up", type=int, default=2, help="signatures first, not counted (2)")
    return parser


if __name__ == "__main__":
    main()
