"""Restricted, time-bounded execution of the Python that BPMN and DMN files carry.

SpiffWorkflow runs script tasks, gateway conditions, timer expressions, message payloads and
DMN cells with plain eval/exec: `__import__('os').system(...)` runs, and taking builtins away does
not help (`().__class__.__base__.__subclasses__()` reaches every class in the process). Designers
upload those files, so every such string is compiled here by RestrictedPython and run with guards.

What is bounded (per script or expression, `time_limit` seconds, default 1):
- loops, function and lambda bodies, except handlers and every iteration (`for`, comprehensions,
  and the iterable handed to sorted/sum/min/max/any/all) check a monotonic deadline;
- `**`, `*`, `<<` and `+` refuse integers over 100 000 bits and strings/lists/tuples over 1 000 000
  items; so does `range()` (C code such as `list(range(...))` never ticks); `sum()` adds numbers only;
- scripts may leave, and expressions may return, only JSON data (no dates, tuples, functions);
- recursion ends at Python's recursion limit.
What is not: memory. A single C-level call on values that are already large (`str.replace`,
`str.join`, `'%0999999999d' % 1`, f-string widths) may allocate a lot before the next check, and
`list.extend`/`append` in a loop grow until the deadline. Run workers under an address-space limit
(RLIMIT_AS or the container's memory limit).
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
import json
import operator
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from types import CodeType
from typing import Any, Literal, cast

from RestrictedPython import (
    PrintCollector,
    RestrictingNodeTransformer,
    compile_restricted_eval,
    compile_restricted_exec,
    safe_builtins,
)
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from SpiffWorkflow.bpmn.script_engine import BasePythonScriptEngineEnvironment, PythonScriptEngine
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.calendar import add_days, add_working_days, is_working_day
from engine.errors import ScriptFailure

Mode = Literal["exec", "eval"]
ServiceHandler = Callable[[Any, str, dict[str, Any]], object]

MAX_ITEMS = 1_000_000
MAX_INT_BITS = 100_000
_FILENAMES = {"exec": "<script>", "eval": "<expression>"}


# --- Compilation -------------------------------------------------------------------------------


class ScriptRefused(ValueError):
    """RestrictedPython refused the source; `errors` are its findings (English, with line numbers)."""

    def __init__(self, errors: Iterable[str]):
        self.errors = tuple(errors) or ("không biên dịch được",)
        super().__init__("; ".join(self.errors))


def _located(new: ast.AST, like: ast.AST) -> Any:
    """Give generated nodes the position of `like`; `compile` needs one on every node."""
    for node in ast.walk(new):
        if "lineno" in node._attributes and getattr(node, "lineno", None) is None:
            ast.copy_location(node, like)
    return new


def _tick_statement(like: ast.AST) -> ast.stmt:
    call = ast.Call(func=ast.Name("_tick_", ast.Load()), args=[], keywords=[])
    return _located(ast.Expr(call), like)


def _with_tick(node: Any) -> Any:
    node.body.insert(0, _tick_statement(node.body[0] if node.body else node))
    return node


_GUARDED_BINOPS = {ast.Pow: "**", ast.Mult: "*", ast.LShift: "<<", ast.Add: "+"}


class BoundedTransformer(RestrictingNodeTransformer):
    """RestrictedPython's policy plus deadline checks and guarded large-result operators; no imports.

    Generated code runs after the parent's checks, so the underscore names it uses (`_tick_`,
    `_binop_`) stay unavailable to the script itself. Class definitions are refused: they need
    `__build_class__`/`__metaclass__` and designers have no use for them.
    """

    def visit_While(self, node: ast.While) -> Any:
        return _with_tick(super().visit_While(node))

    def visit_For(self, node: ast.For) -> Any:
        return _with_tick(super().visit_For(node))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        return _with_tick(super().visit_FunctionDef(node))

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> Any:
        # Catching the timeout is useless: the handler's first statement raises it again.
        return _with_tick(super().visit_ExceptHandler(node))

    def visit_Lambda(self, node: ast.Lambda) -> Any:
        node = cast(ast.Lambda, super().visit_Lambda(node))  # RestrictedPython returns the node it visited
        tick = ast.Call(func=ast.Name("_tick_", ast.Load()), args=[], keywords=[])
        node.body = _located(ast.BoolOp(op=ast.Or(), values=[tick, node.body]), node.body)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        node = cast(ast.BinOp, super().visit_BinOp(node))  # as in visit_Lambda
        symbol = _GUARDED_BINOPS.get(type(node.op))
        if symbol is None:
            return node
        arguments = [ast.Constant(symbol), node.left, node.right]
        call = ast.Call(func=ast.Name("_binop_", ast.Load()), args=arguments, keywords=[])
        return _located(call, node)

    def visit_ClassDef(self, node: ast.ClassDef) -> Any:
        self.not_allowed(node)
        return None

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> Any:
        # The sandbox has no __import__: refuse at deploy what could only fail at run time.
        self.error(node, "Không được nhập mô-đun (import) trong tập lệnh.")
        return None

    visit_ImportFrom = visit_Import


def compile_restricted_source(source: str | None, mode: Mode) -> CodeType:
    """Compile a script ('exec') or expression ('eval') under the policy; raise ScriptRefused."""
    compiler = compile_restricted_exec if mode == "exec" else compile_restricted_eval
    try:
        result = compiler(source or "", filename=_FILENAMES[mode], policy=BoundedTransformer)
    except SyntaxError as exc:  # a SyntaxWarning ("is" with a literal) under -W error
        raise ScriptRefused([f"Line {exc.lineno}: SyntaxError: {exc.msg}"]) from exc
    if result.errors or result.code is None:
        raise ScriptRefused(result.errors)
    return result.code


def restricted_problems(source: str | None, mode: Mode) -> list[str]:
    """The reasons the source would be refused at run time; empty when it compiles."""
    try:
        _compiled(source or "", mode)
    except ScriptRefused as refused:
        return list(refused.errors)
    return []


@functools.lru_cache(maxsize=1024)
def _compiled(source: str, mode: Mode) -> CodeType:
    # Keyed by source text: the same condition is evaluated on every pass through a gateway.
    return compile_restricted_source(source, mode)


# --- Runtime guards ----------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by `_tick_`; a BaseException so `except Exception` in a script does not catch it."""


_SEQUENCES = (str, bytes, list, tuple)


def _ints(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int)


def _pow_too_big(left: Any, right: Any) -> bool:
    return _ints(left, right) and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS


def _shift_too_big(left: Any, right: Any) -> bool:
    return _ints(left, right) and left != 0 and left.bit_length() + right > MAX_INT_BITS


def _mul_too_big(left: Any, right: Any) -> bool:
    if _ints(left, right):
        return left.bit_length() + right.bit_length() > MAX_INT_BITS
    if isinstance(left, int):
        left, right = right, left
    return isinstance(left, _SEQUENCES) and isinstance(right, int) and len(left) * right > MAX_ITEMS


def _add_too_big(left: Any, right: Any) -> bool:
    # Growing a list or string by `x = x + big` in a loop would exhaust memory before the deadline.
    sequences = isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES)
    return sequences and len(left) + len(right) > MAX_ITEMS


_TOO_BIG: dict[str, Callable[[Any, Any], bool]] = {
    "**": _pow_too_big, "<<": _shift_too_big, "*": _mul_too_big, "+": _add_too_big,
}
_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "**": operator.pow, "<<": operator.lshift, "*": operator.mul, "+": operator.add,
}
_INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow, "<<=": operator.ilshift,
    ">>=": operator.irshift, "|=": operator.ior, "^=": operator.ixor, "&=": operator.iand,
}


def _check_size(symbol: str, left: Any, right: Any) -> None:
    if symbol in _TOO_BIG and _TOO_BIG[symbol](left, right):
        raise OverflowError(f"phép '{symbol}' cho kết quả quá lớn")


def _binop(symbol: str, left: Any, right: Any) -> Any:
    _check_size(symbol, left, right)
    return _BINOPS[symbol](left, right)


def _inplacevar(op: str, left: Any, right: Any) -> Any:
    _check_size(op[:-1], left, right)
    return _INPLACE[op](left, right)


def _sum(iterable: Iterable[Any], start: Any = 0) -> Any:
    # sum(list_of_lists, []) concatenates quadratically inside one C call; numbers only.
    if not isinstance(start, (int, float, complex)):
        raise TypeError("sum() chỉ cộng số; hãy nối list hoặc chuỗi bằng vòng lặp")
    return sum(iterable, start)


def _pow(base: Any, exponent: Any, modulus: Any = None) -> Any:
    if modulus is None:
        return _binop("**", base, exponent)
    return pow(base, exponent, modulus)


def _range(*args: int) -> range:
    bounded = range(*args)
    try:
        size = len(bounded)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        raise OverflowError(f"range() quá {MAX_ITEMS} phần tử")
    return bounded


def _getitem(obj: Any, key: Any) -> Any:
    return obj[key]


def _apply(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


def _ticking(iterable: Iterable[Any], tick: Callable[[], None]) -> Iterator[Any]:
    for item in iterable:
        tick()
        yield item


# --- The environment ---------------------------------------------------------------------------

_ALLOWED = ("len", "min", "max", "sum", "sorted", "range", "abs", "round", "str", "int", "float", "bool",
            "list", "dict", "set", "tuple", "any", "all", "enumerate", "zip", "isinstance")
# Scripts must not raise what the host reads as a shutdown request; the rest are unused helpers.
_WITHHELD = ("__build_class__", "KeyboardInterrupt", "SystemExit", "GeneratorExit", "BaseException")

_STATIC_BUILTINS: dict[str, Any] = {
    **{k: v for k, v in safe_builtins.items() if k not in _WITHHELD},
    **{name: getattr(builtins, name) for name in _ALLOWED},
    "range": _range,
    "pow": _pow,
    "date": date,
    "datetime": datetime,
    "timedelta": timedelta,
    "add_days": add_days,
    "is_working_day": is_working_day,
    "add_working_days": add_working_days,
    "_getattr_": safer_getattr,
    "_getitem_": _getitem,
    "_write_": full_write_guard,  # plain dicts and lists are writable; anything else is wrapped
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_inplacevar_": _inplacevar,
    "_binop_": _binop,
    "_apply_": _apply,
    "_print_": PrintCollector,
}


def _consumers(tick: Callable[[], None]) -> dict[str, Any]:
    """Builtins that loop in C over an iterable: feed them a ticking iterator instead."""

    def first_arg(func: Callable[..., Any]) -> Callable[..., Any]:
        return lambda iterable, *a, **kw: func(_ticking(iterable, tick), *a, **kw)

    def single_arg(func: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kw: Any) -> Any:
            return func(_ticking(args[0], tick), **kw) if len(args) == 1 else func(*args, **kw)

        return call

    return {"sum": first_arg(_sum), "sorted": first_arg(sorted), "any": first_arg(any), "all": first_arg(all),
            "min": single_arg(min), "max": single_arg(max)}


def _is_visible(key: object) -> bool:
    # Underscore names cannot be written in a script; hiding such keys also stops task data from
    # shadowing the guards (`_getattr_` ...) that live in the builtins layer.
    return isinstance(key, str) and not key.startswith("_")


def _visible(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if _is_visible(k)}


_JSON_TYPES = (str, int, float, bool, type(None))


def _is_json(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    return isinstance(value, _JSON_TYPES)


def _json_safe(value: Any) -> bool:
    try:
        return _is_json(value)
    except RecursionError:
        return False  # nested deeper than json.dumps could write either


def _require_json(data: dict[str, Any]) -> None:
    """Task data is stored as JSON; a date or tuple left behind would only fail later, at save."""
    for key, value in data.items():
        if not _json_safe(value):
            raise SandboxFailure(
                f"để lại biến '{key}' không lưu được dưới dạng JSON (kiểu {type(value).__name__}); "
                "hãy dùng chuỗi ISO cho ngày giờ và list thay cho tuple",
                label="Tập lệnh",
            )


def _seconds(limit: float) -> str:
    return f"{limit:g}".replace(".", ",")


def _script_line(exc: BaseException) -> int | None:
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<script>"]
    return lines[-1] if lines else None


class SandboxFailure(ScriptFailure, SpiffWorkflowException):
    """A ScriptFailure that Spiff's `except SpiffWorkflowException: add_note(); raise` clauses (DMN,
    business rule tasks) pass through unchanged instead of wrapping it in WorkflowTaskException."""

    def __init__(self, reason: str, *, label: str, element_id: str | None = None):
        where = f" tại '{element_id}'" if element_id else ""
        super().__init__(f"{label}{where} {reason}")
        self.reason, self.label, self.element_id = reason, label, element_id

    def __str__(self) -> str:
        return self.message


class SafeEnvironment(BasePythonScriptEngineEnvironment):
    """Runs restricted code over a task's data. Task data is only replaced when a script succeeds."""

    def __init__(self, time_limit: float = 1.0):
        super().__init__({})
        self.time_limit = time_limit

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict | None = None) -> Any:
        code = self._compile(expression, "eval", "Biểu thức")
        result = self._run(code, _visible(context), external_context, "Biểu thức")
        # Results end up in task data (DMN outputs, payloads) or in Spiff and host code; a lambda or
        # generator there would run script code outside the deadline.
        if not _json_safe(result):
            raise SandboxFailure(f"trả về giá trị kiểu {type(result).__name__}, không phải dữ liệu JSON",
                                 label="Biểu thức")
        return result

    def execute(self, script: str, context: dict[str, Any], external_context: dict | None = None) -> bool:
        code = self._compile(script, "exec", "Tập lệnh")
        scope = _visible(copy.deepcopy(context))
        self._run(code, scope, external_context, "Tập lệnh")
        kept = {k: v for k, v in _visible(scope).items() if not callable(v)}
        _require_json(kept)
        hidden = {k: v for k, v in context.items() if not _is_visible(k)}
        context.clear()
        context.update(hidden)
        context.update(kept)
        return True

    def _compile(self, source: str, mode: Mode, label: str) -> CodeType:
        try:
            return _compiled(source or "", mode)
        except ScriptRefused as refused:
            raise SandboxFailure(f"bị từ chối: {refused}", label=label) from refused

    def _builtins(self, deadline: float, external_context: dict | None) -> dict[str, Any]:
        def tick() -> None:
            if time.monotonic() > deadline:
                raise _Timeout

        guards = {"_tick_": tick, "_getiter_": lambda obj: _ticking(obj, tick), **_consumers(tick)}
        # External names (data objects, DMN's input) come first so they can never replace a guard.
        return {**_visible(external_context or {}), **_STATIC_BUILTINS, **guards}

    def _run(self, code: CodeType, scope: dict[str, Any], external_context: dict | None, label: str) -> Any:
        scope["__builtins__"] = self._builtins(time.monotonic() + self.time_limit, external_context)
        try:
            return eval(code, scope)  # a restricted code object over guarded builtins
        except _Timeout:
            reason = f"chạy quá {_seconds(self.time_limit)} giây và đã bị dừng"
            raise SandboxFailure(reason, label=label) from None
        except (KeyboardInterrupt, SystemExit):
            raise  # host signals; scripts cannot reach these classes
        except RecursionError as exc:
            raise SandboxFailure("lỗi: đệ quy quá sâu (RecursionError)", label=label) from exc
        except BaseException as exc:  # whatever a script raises is the script's failure
            line = _script_line(exc)
            at_line = f" ở dòng {line}" if line else ""
            raise SandboxFailure(f"lỗi{at_line}: {type(exc).__name__}: {exc}", label=label) from exc
        finally:
            scope.pop("__builtins__", None)


# --- The script engine and the workflow that always uses it -----------------------------------


def _element_id(task: Any) -> str:
    spec = task.task_spec
    return getattr(spec, "bpmn_id", None) or spec.name


def _expression_label(task: Any, expression: str) -> str:
    spec = task.task_spec
    conditions = getattr(spec, "cond_task_specs", None) or []
    if any(cond is not None and cond.args[0] == expression for cond, _ in conditions):
        return "Biểu thức điều kiện"
    if hasattr(spec, "dmnEngine"):
        return "Bảng quyết định"
    return "Biểu thức"


class SafeScriptEngine(PythonScriptEngine):
    """Spiff's script engine with restricted, time-bounded evaluation and host-provided services.

    Every failure reaches the caller of `do_engine_steps()` / `task.run()` as a ScriptFailure
    naming the BPMN element; the stock engine would wrap it in WorkflowTaskException.
    """

    def __init__(self, time_limit: float = 1.0, service_handler: ServiceHandler | None = None):
        super().__init__(environment=SafeEnvironment(time_limit))
        self.service_handler = service_handler

    @property
    def time_limit(self) -> float:
        return self.environment.time_limit

    def evaluate(self, task: Any, expression: str, external_context: dict | None = None) -> Any:
        try:
            return self.environment.evaluate(expression, task.data, external_context)
        except SandboxFailure as failure:
            label, element_id = _expression_label(task, expression), _element_id(task)
            raise SandboxFailure(failure.reason, label=label, element_id=element_id) from failure.__cause__

    def execute(self, task: Any, script: str, external_context: dict | None = None) -> bool:
        try:
            return self.environment.execute(script, task.data, external_context)
        except SandboxFailure as failure:
            raise SandboxFailure(
                failure.reason, label="Tập lệnh", element_id=_element_id(task)
            ) from failure.__cause__

    def call_service(self, task: Any, operation_name: str = "", operation_params: dict | None = None,
                     **_: Any) -> str:
        """Hand a service task to the host: params arrive as {name: value}; the result is JSON text."""
        element = _element_id(task)
        if self.service_handler is None:
            raise ScriptFailure(f"Không có dịch vụ nào xử lý thao tác '{operation_name}' tại '{element}'")
        values = {name: param["value"] for name, param in (operation_params or {}).items()}
        result = self.service_handler(task, operation_name, values)
        try:
            return json.dumps(result, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise ScriptFailure(
                f"Dịch vụ '{operation_name}' tại '{element}' trả về dữ liệu không lưu được: {exc}"
            ) from exc


def _require_safe(engine: object) -> None:
    if not isinstance(engine, SafeScriptEngine):
        raise TypeError("SafeWorkflow chỉ chạy với SafeScriptEngine")


class SafeWorkflow(BpmnWorkflow):
    """A BpmnWorkflow whose script engine is always a SafeScriptEngine.

    The engine is not serialized; a restored workflow gets the class default, so the default must be
    the safe engine. Subprocesses use the top workflow's engine.
    """

    def __init__(self, spec: Any, subprocess_specs: dict | None = None,
                 script_engine: SafeScriptEngine | None = None, **kwargs: Any):
        engine = script_engine if script_engine is not None else SafeScriptEngine()
        _require_safe(engine)
        super().__init__(spec, subprocess_specs, script_engine=engine, **kwargs)

    @property
    def script_engine(self) -> SafeScriptEngine:
        return BpmnWorkflow.script_engine.fget(self)

    @script_engine.setter
    def script_engine(self, engine: SafeScriptEngine) -> None:
        _require_safe(engine)
        BpmnWorkflow.script_engine.fset(self, engine)


def make_serializer(workflow_converter: type[BpmnWorkflowConverter] = BpmnWorkflowConverter,
                    ) -> BpmnWorkflowSerializer:
    """A Spiff serializer that writes and restores SafeWorkflow.

    State written as 'BpmnWorkflow' (by a stock serializer) is restored as SafeWorkflow too, so no
    path brings back the unrestricted default engine.
    """
    config = {cls: conv for cls, conv in SPIFF_CONFIG.items() if cls is not BpmnWorkflow}
    registry = BpmnWorkflowSerializer.configure(config)
    workflow_converter(SafeWorkflow, registry, typename="BpmnWorkflow")  # restore-only alias
    workflow_converter(SafeWorkflow, registry)  # registered last: writes typename 'SafeWorkflow'
    return BpmnWorkflowSerializer(registry)
