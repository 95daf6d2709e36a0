"""The deadline day that benchmark (e) loads (bench/web_state.py) is what its Locust users expect to find: each
officer's report open, the chairs' reports waiting for their signature, the districts' dashboards readable.
Nothing here is timed; the load itself (gunicorn, Locust) is never run by the tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bench.common import Database
from bench.web_state import KIND, YEAR, prepare
from engine.clock import Clock
from engine.core import Planflow
from engine.models import Unit
from engine.org.demo import DEMO_PASSWORD
from webapp import create_app


def test_on_the_deadline_day_officers_find_their_report_chairs_their_signature_and_districts_their_board(
        tmp_path: Path) -> None:
    path = tmp_path / "web_load.sqlite3"
    database = Database(f"sqlite:///{path}", path)
    day = prepare(database, districts=1, communes_per_district=3, waiting_per_district=1, digital=False,
                  signing_dir=tmp_path / "signing")
    assert (day.communes, day.open_reports, day.waiting_signature) == (3, 2, 1)
    planflow = Planflow(database.url, clock=Clock(day.now))
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"}, planflow=planflow)

    def page_for(username: str, path: str) -> str:
        client = app.test_client()
        signed_in = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302
        answer = client.get(path)
        assert answer.status_code == 200
        return answer.get_data(as_text=True)

    assert all("Soạn báo cáo" in page_for(officer, "/") for officer in day.accounts["officer"])
    assert "Thẩm định báo cáo" not in page_for(day.accounts["head"][0], "/")  # until their officer submits
    assert "Phê duyệt, ký báo cáo" in page_for(day.accounts["chair"][0], "/")
    district = day.accounts["district"][0]
    board = page_for(district, f"/reports/dashboard?unit={district.split('.')[1]}&year={YEAR}&kind={KIND}")
    with planflow.sessions() as session:
        communes = session.scalars(select(Unit.name).where(Unit.level == "commune")).all()
    assert len(communes) == 3 and all(name.split(" ", 1)[1] in board for name in communes)  # "UBND phường …"
    planflow.db.dispose()
