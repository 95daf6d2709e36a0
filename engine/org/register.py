"""The outgoing register: the next number of an issuing body for a year, never a duplicate."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.models import RegisterCounter, RegisterEntry

# Built once: issuing a plan is on the cascade's hot path, and building a statement costs more than running it.
_COUNTERS = RegisterCounter.__table__
_NEW_COUNTER = {
    name: dialect.insert(_COUNTERS).values(last_number=0).on_conflict_do_nothing()
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_TAKE_NUMBER = (update(_COUNTERS)
                .where(_COUNTERS.c.unit_id == bindparam("counter_unit"), _COUNTERS.c.year == bindparam("counter_year"))
                .values(last_number=_COUNTERS.c.last_number + 1).returning(_COUNTERS.c.last_number))
_ADD_ENTRY = insert(RegisterEntry.__table__)


def register_document(session: Session, unit_id: int, doc_type: str, day: date, title: str | None,
                      plan_id: int | None = None) -> int:
    """Take the next number of the year and record it; concurrent callers queue on the counter row."""
    connection = session.connection()
    key = {"unit_id": unit_id, "year": day.year}
    connection.execute(_NEW_COUNTER[connection.dialect.name], key)
    number = connection.execute(_TAKE_NUMBER, {"counter_unit": unit_id, "counter_year": day.year}).scalar_one()
    connection.execute(_ADD_ENTRY, {**key, "number": number, "doc_type": doc_type, "issued_date": day,
                                    "title": title, "plan_id": plan_id})
    return number
