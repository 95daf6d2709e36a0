"""What every `planflow` command shares: JSON or text output, refusals as one line on stderr."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click
from sqlalchemy.exc import OperationalError

from engine.db import BUSY_TEXT, is_busy
from engine.errors import InvalidInput, PlanflowError

P = ParamSpec("P")
R = TypeVar("R")


def emit(as_json: bool, payload: Any, text: str) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2) if as_json else text)


def refusals(command: Callable[P, R]) -> Callable[P, R]:
    """A refusal is one line on stderr and a non-zero exit; the transaction has been rolled back."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PlanflowError as exc:
            click.echo(f"Lỗi: {exc.message}", err=True)
            sys.exit(1)
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            click.echo(f"Lỗi: {BUSY_TEXT}", err=True)
            sys.exit(1)

    return wrapper


def json_data(raw: str) -> dict:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"--data không phải JSON hợp lệ: {exc.msg} (cột {exc.colno}).") from exc
    if not isinstance(data, dict):
        raise InvalidInput("--data phải là một đối tượng JSON, ví dụ '{\"decision\": \"approve\"}'.")
    return data


json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


