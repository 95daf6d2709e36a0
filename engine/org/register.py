"""The registers of a body: the outgoing register (sổ văn bản đi: the next number of an issuing body for a year,
never a duplicate) and the incoming register (sổ văn bản đến: số đến and ngày đến of what it received).

Both take their next number the same way: a counter row per body per year, created if missing and raised by one
UPDATE … RETURNING, so concurrent callers queue on that row and never share a number.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Executable, Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from engine.errors import Conflict
from engine.models import IncomingCounter, IncomingEntry, RegisterCounter, RegisterEntry

_DIALECTS = (("postgresql", postgresql), ("sqlite", sqlite))


def _new_counter(table: Table) -> dict:
    return {name: dialect.insert(table).values(last_number=0).on_conflict_do_nothing() for name, dialect in _DIALECTS}


def _take_number(table: Table) -> Executable:
    return (update(table)
            .where(table.c.unit_id == bindparam("counter_unit"), table.c.year == bindparam("counter_year"))
            .values(last_number=table.c.last_number + 1).returning(table.c.last_number))


# Built once: issuing a plan is on the cascade's hot path, and building a statement costs more than running it.
_COUNTERS = RegisterCounter.__table__
_NEW_COUNTER = _new_counter(_COUNTERS)
_TAKE_NUMBER = _take_number(_COUNTERS)
# An entry never overwrites another: a number recorded from another register (`record_number`) is skipped.
# RETURNING says whether the row went in: rowcount is not reliable for a skipped INSERT on every driver (psycopg
# reported a skipped one as inserted).
_ENTRIES = RegisterEntry.__table__
_ADD_ENTRY = {name: dialect.insert(_ENTRIES).on_conflict_do_nothing().returning(_ENTRIES.c.number)
              for name, dialect in _DIALECTS}
_INCOMING_COUNTERS = IncomingCounter.__table__
_NEW_INCOMING_COUNTER = _new_counter(_INCOMING_COUNTERS)
_TAKE_INCOMING_NUMBER = _take_number(_INCOMING_COUNTERS)
_ADD_INCOMING = {name: dialect.insert(IncomingEntry.__table__) for name, dialect in _DIALECTS}


def _next(connection: Connection, new_counter: dict, take: Executable, unit_id: int, year: int) -> int:
    connection.execute(new_counter[connection.dialect.name], {"unit_id": unit_id, "year": year})
    return int(connection.execute(take, {"counter_unit": unit_id, "counter_year": year}).scalar_one())


def register_document(session: Session, unit_id: int, doc_type: str, day: date, title: str | None,
                      plan_id: int | None = None) -> int:
    """Take the next number of the year and record it; concurrent callers queue on the counter row.
    A number already in the register (recorded from another register) is passed over."""
    connection = session.connection()
    add = _ADD_ENTRY[connection.dialect.name]
    while True:
        number = _next(connection, _NEW_COUNTER, _TAKE_NUMBER, unit_id, day.year)
        added = connection.execute(add, {"unit_id": unit_id, "year": day.year, "number": number, "doc_type": doc_type,
                                         "issued_date": day, "title": title, "plan_id": plan_id}).first()
        if added is not None:
            return number


def record_number(session: Session, unit_id: int, doc_type: str, day: date, title: str | None, number: int,
                  plan_id: int | None = None, register_name: str | None = None) -> None:
    """Record a number another register gave (a plan numbered in VNPT-iOffice): the year's counter is left as it
    is, and the number is refused if this body's register already holds it for that year."""
    connection = session.connection()
    added = connection.execute(_ADD_ENTRY[connection.dialect.name], {
        "unit_id": unit_id, "year": day.year, "number": number, "doc_type": doc_type, "issued_date": day,
        "title": title, "plan_id": plan_id}).first()
    if added is None:
        source = f" (cấp từ {register_name})" if register_name else ""
        raise Conflict(f"Số {number:02d}{source} đã được dùng trong sổ văn bản đi của cơ quan năm {day.year}; "
                       "hãy kiểm tra lại số đã cấp.")


def register_incoming(session: Session, unit_id: int, day: date, *, sender: str | None, doc_type: str | None,
                      number_symbol: str | None, issued_on: date | None, title: str | None,
                      plan_id: int | None = None, recipient_id: int | None = None, received_by: str,
                      received_at: datetime | None = None) -> int:
    """Enter a document in the body's incoming register: the next số đến of the year, received on `day`."""
    connection = session.connection()
    number = _next(connection, _NEW_INCOMING_COUNTER, _TAKE_INCOMING_NUMBER, unit_id, day.year)
    connection.execute(_ADD_INCOMING[connection.dialect.name], {
        "unit_id": unit_id, "year": day.year, "number": number, "received_on": day,
        "received_at": received_at or datetime.combine(day, time()), "received_by": received_by, "sender": sender,
        "doc_type": doc_type, "number_symbol": number_symbol, "issued_on": issued_on, "title": title,
        "plan_id": plan_id, "recipient_id": recipient_id})
    return number
