"""Reading real plans: text (or .txt/.docx/.pdf bytes) → the structured plan. Pure: no database, no models."""

from engine.reading.citations import NumberSymbol, parse_number_symbol
from engine.reading.phrases import Deadline, find_deadlines, read_deadline
from engine.reading.plan_text import read_plan, read_plan_file
from engine.reading.sources import read_text

__all__ = ["Deadline", "NumberSymbol", "find_deadlines", "parse_number_symbol", "read_deadline", "read_plan",
           "read_plan_file", "read_text"]
