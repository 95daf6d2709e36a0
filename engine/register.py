"""The outgoing register: the next number of an issuing body for a year, never a duplicate."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.models import RegisterCounter, RegisterEntry


def register_document(session: Session, unit_id: int, doc_type: str, day: date, title: str | None,
                      plan_id: int | None = None) -> int:
    """Take the next number of the year and record it; concurrent callers queue on the counter row."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(RegisterCounter).values(unit_id=unit_id, year=day.year, last_number=0).on_conflict_do_nothing()
    )
    number = session.execute(
        update(RegisterCounter)
        .where(RegisterCounter.unit_id == unit_id, RegisterCounter.year == day.year)
        .values(last_number=RegisterCounter.last_number + 1)
        .returning(RegisterCounter.last_number)
    ).scalar_one()
    session.add(RegisterEntry(unit_id=unit_id, year=day.year, number=number, doc_type=doc_type,
                              issued_date=day, title=title, plan_id=plan_id))
    return number
