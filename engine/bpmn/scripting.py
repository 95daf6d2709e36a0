"""Restricted, time-bounded execution of the Python that BPMN and DMN files carry.

SpiffWorkflow runs script tasks, gateway conditions, timer expressions, message payloads and
DMN cells with plain eval/exec: `__import__('os').system(...)` runs, and taking builtins away does
not help (`().__class__.__base__.__subclasses__()` reaches every class in the process). Designers
upload those files, so every such string is compiled here by RestrictedPython and run with guards.

What is bounded (per script or expression, `time_limit` seconds of the running thread's CPU, default 1 —
CPU, not wall time: a loaded machine or a host operation waiting for the database does not use up a script's time,
nor, up to 5× the bound, a full garbage collection of the host's heap that falls inside it):
- loops, function and lambda bodies, except and finally bodies and every iteration (`for`,
  comprehensions, and the iterable handed to sorted/sum/min/max/any/all) check the deadline;
  the deadline is sticky (every check after it raises again) and is checked once more when the code
  returns, so nothing a script did after its time is kept;
- the timeout cannot be caught: a bare `except:` means `except Exception:`, handlers naming
  BaseException and its shutdown subclasses are refused at compile time, and every handler's class is
  checked at run time to be an Exception subclass (`Exception.mro()[1]` is refused too); a handler
  that catches MemoryError or RecursionError raises it again at its first line;
- one C-level call cannot run long or allocate much: `**`, `*`, `<<` and `+` refuse integers over
  100 000 bits and strings/lists/tuples over 1 000 000 items; `//`, `%` and divmod refuse integer
  operands whose bit lengths multiply past 10^10; `pow(b, e, m)` refuses e·m² bits past 2048³;
  `round(int, -n)` refuses n past 30 000; `range()`, `sorted()`, `list.sort/extend`,
  `str/bytes .ljust/.rjust/.center/.zfill/.expandtabs/.replace/.join/.translate`, `int.to_bytes`,
  `%`-formatting, f-string and format() widths, `str()`/`repr()`/`print()` of containers refuse
  results over 1 000 000 items/characters (containers are measured by walking them with a budget, so
  `a = [a, a]` repeated cannot hide an exponential text); int↔decimal-string conversion keeps
  Python's 4 300-digit limit (enforced below); `sum()` adds numbers only;
- scripts may leave, and expressions may return, only JSON data (no dates, tuples, functions) of at
  most MAX_STATE_BYTES once written, counted per reference;
- recursion ends at Python's recursion limit; a MemoryError is a script failure with one message.
What is not: the total of many bounded allocations in one step (a loop that keeps 1 000 000-item
copies of a list grows until the deadline), and comparing or hashing a structure that references
itself many times (`a == b`, `hash(t)`, `x in a` over `a = [a, a]`-style data) runs in C unchecked.
Run workers under an address-space limit (RLIMIT_AS or the container's memory limit).
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
import json
import operator
import re
import sys
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
    raise_,
    safer_getattr,
)
from SpiffWorkflow.bpmn.script_engine import BasePythonScriptEngineEnvironment, PythonScriptEngine
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.collector import full_collection_time
from engine.calendar import add_days, add_working_days, is_working_day
from engine.errors import ScriptFailure

Mode = Literal["exec", "eval"]
ServiceHandler = Callable[[Any, str, dict[str, Any]], object]

MAX_ITEMS = 1_000_000
MAX_INT_BITS = 100_000
MAX_DIVISION_BITS = MAX_INT_BITS ** 2  # product of the operands' bit lengths: ~10 ms in CPython's long division
MAX_POWMOD_COST = 2048 ** 3  # exponent bits × modulus bits²: ~50 ms for pow(b, e, m) with 2048-bit e and m
MAX_ROUND_DIGITS = 30_000  # round(n, -d) computes 10**d first
# What one step may leave in task data, written as JSON. The largest real form (a plan with its
# requirement table) is tens of KB; 5 MB leaves two orders of magnitude for attachments' metadata and
# long tables, while keeping one row small enough to load, diff and audit in a request.
MAX_STATE_BYTES = 5_000_000
MAX_JSON_DEPTH = 500  # json.dumps recurses; the stored row must be writable and readable again
COLLECTIONS_FORGIVEN = 5  # full garbage collections inside a script not counted up to 5× its limit (_Budget)
_DEFAULT_INT_DIGITS = 4300
if not 0 < sys.get_int_max_str_digits() <= _DEFAULT_INT_DIGITS:
    # int <-> decimal string is quadratic; Python's limit keeps str(huge) and int('9' * n) bounded.
    # PYTHONINTMAXSTRDIGITS=0 or -X int_max_str_digits=0 would turn it off for the whole process.
    sys.set_int_max_str_digits(_DEFAULT_INT_DIGITS)
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


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(name, ast.Load()), args=list(args), keywords=[])


_GUARDED_BINOPS = {ast.Pow: "**", ast.Mult: "*", ast.LShift: "<<", ast.Add: "+", ast.Mod: "%", ast.FloorDiv: "//"}
# Withheld from the builtins anyway; naming them in a handler is refused with a clear message.
_UNCATCHABLE = frozenset({"BaseException", "KeyboardInterrupt", "SystemExit", "GeneratorExit"})
_CAUGHT_NAME = "_caught"


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

    def visit_Try(self, node: ast.Try) -> Any:
        node = cast(ast.Try, super().visit_Try(node))  # as in visit_Lambda
        if node.finalbody:  # a finally body runs while the timeout passes through: it stops there
            node.finalbody.insert(0, _tick_statement(node.finalbody[0]))
        return node

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> Any:
        """Only Exception subclasses may be caught, so the timeout (a BaseException) never is.

        `except:` becomes `except Exception:`; the class a handler names is checked when it is
        matched (`_catchable_`), and the handler's first statement (`_caught_`) checks the deadline
        and raises MemoryError and RecursionError again.
        """
        node = cast(ast.ExceptHandler, super().visit_ExceptHandler(node))  # as in visit_Lambda
        for name in ast.walk(node.type) if node.type is not None else ():
            if isinstance(name, ast.Name) and name.id in _UNCATCHABLE:
                self.error(node, f"Không được bắt {name.id}: chỉ bắt được các lỗi thuộc Exception.")
        node.type = _located(_call("_catchable_", node.type or ast.Constant(None)), node)
        node.name = node.name or _CAUGHT_NAME
        caught = ast.Expr(_call("_caught_", ast.Name(node.name, ast.Load())))
        node.body.insert(0, _located(caught, node.body[0] if node.body else node))
        return node

    def visit_FormattedValue(self, node: ast.FormattedValue) -> Any:
        """`f'{x!r:>{w}}'` becomes `f'{_format_(x, 114, f"{w}")}'`: the width is checked before formatting."""
        node = cast(ast.FormattedValue, super().visit_FormattedValue(node))  # as in visit_Lambda
        spec = node.format_spec or ast.Constant("")
        node.value = _located(_call("_format_", node.value, ast.Constant(node.conversion), spec), node)
        node.conversion, node.format_spec = -1, None
        return node

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


class _Forbidden(BaseException):
    """A handler that would catch more than Exception; a BaseException so no handler catches it."""


_SEQUENCES = (str, bytes, bytearray, list, tuple)
_TEXTS = (str, bytes, bytearray)


def _too_big(what: str, size: int, limit: int = MAX_ITEMS) -> None:
    if size > limit:
        raise OverflowError(f"{what} cho kết quả quá lớn (hơn {limit} phần tử)")


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


def _div_too_big(left: Any, right: Any) -> bool:
    # Long division is quadratic; int.from_bytes and int(s, 16) make large ints in linear time.
    return _ints(left, right) and left.bit_length() * right.bit_length() > MAX_DIVISION_BITS


def _text_size(value: Any, limit: int = MAX_ITEMS) -> int:
    """About len(str(value)), counting every reference (as str() and json.dumps write them); stops past limit.

    Linear in `limit`: each container visited adds at least 2, so `a = [a, a]` forty times costs
    `limit` steps, not 2**40.
    """
    size, stack = 0, [value]
    while stack and size <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            size += len(item) + 3
        elif isinstance(item, (list, tuple, set, frozenset, dict)):
            size += 2 + 2 * len(item)
            if size <= limit:
                stack.extend(item.items() if isinstance(item, dict) else item)
        elif isinstance(item, int):
            size += item.bit_length() // 3 + 2
        else:
            size += 32  # floats, dates, None: short
    return size


def _check_text(value: Any, what: str) -> None:
    if not isinstance(value, (str, int, float)):
        _too_big(what, _text_size(value))


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 9 else MAX_ITEMS + 1


def _percent_size(template: str | bytes | bytearray, values: Any) -> int:
    """An upper bound of len(template % values): widths, precisions and the values written out."""
    text = template if isinstance(template, str) else bytes(template).decode("latin-1")
    size, starred = len(text), False
    for width, precision in _PERCENT.findall(text):
        starred = starred or "*" in (width, precision)
        size += sum(_number(part) for part in (width, precision) if part and part != "*")
    items = values.values() if isinstance(values, dict) else values if isinstance(values, tuple) else (values,)
    for item in items:
        size += len(item) if isinstance(item, _TEXTS) else _text_size(item)
        if starred and isinstance(item, int):
            size += abs(item)  # a '*' width or precision taken from the arguments
        if size > MAX_ITEMS:
            break
    return size


def _mod_too_big(left: Any, right: Any) -> bool:
    if isinstance(left, _TEXTS):
        return _percent_size(left, right) > MAX_ITEMS
    return _div_too_big(left, right)


_TOO_BIG: dict[str, Callable[[Any, Any], bool]] = {
    "**": _pow_too_big, "<<": _shift_too_big, "*": _mul_too_big, "+": _add_too_big, "%": _mod_too_big,
    "//": _div_too_big,
}
_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "**": operator.pow, "<<": operator.lshift, "*": operator.mul, "+": operator.add, "%": operator.mod,
    "//": operator.floordiv,
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
    if _ints(exponent, modulus) and max(1, abs(exponent).bit_length()) * modulus.bit_length() ** 2 > MAX_POWMOD_COST:
        raise OverflowError("pow() với số mũ hoặc số chia quá lớn")
    return pow(base, exponent, modulus)


def _divmod(left: Any, right: Any) -> Any:
    _check_size("//", left, right)
    return divmod(left, right)


def _round(number: Any, ndigits: Any = None) -> Any:
    if isinstance(number, int) and isinstance(ndigits, int) and ndigits < -MAX_ROUND_DIGITS:
        raise OverflowError("round() với số chữ số quá lớn")
    return round(number, ndigits)


def _repr(value: Any) -> str:
    _check_text(value, "repr()")
    return repr(value)


class _GuardedStrType(type):
    """`str` as scripts see it: `str(x)` measures a container first; isinstance and str.* are str's."""

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, str)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, str)

    def __getattr__(cls, name: str) -> Any:
        return getattr(str, name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if args:
            _check_text(args[0], "str()")
        return str(*args, **kwargs)


class _GuardedStr(metaclass=_GuardedStrType):
    """Stands for `str` in the sandbox's builtins."""


_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?")
_CONVERSIONS: dict[int, Callable[[Any], str]] = {115: str, 114: repr, 97: ascii}


def _format(value: Any, conversion: int, spec: str) -> str:
    """An f-string field: the value written out and the spec's width and precision stay bounded."""
    if conversion in _CONVERSIONS:
        _check_text(value, "f-string")
        value = _CONVERSIONS[conversion](value)
    elif not isinstance(value, (str, int, float)):
        _check_text(value, "f-string")
    match = _SPEC.match(spec)
    width, precision = match.groups() if match else ("", "")
    _too_big("định dạng", sum(_number(part) for part in (width, precision or "") if part) + len(spec))
    return format(value, spec)


class _BoundedPrint(PrintCollector):
    """print() into the collected text, at most MAX_ITEMS characters in all."""

    def write(self, text: str) -> None:
        self.size = getattr(self, "size", 0) + len(text)
        _too_big("print()", self.size)
        super().write(text)

    def _call_print(self, *objects: Any, **kwargs: Any) -> None:
        for value in (*objects, kwargs.get("sep"), kwargs.get("end")):
            _check_text(value, "print()")
        super()._call_print(*objects, **kwargs)


def _range(*args: int) -> range:
    bounded = range(*args)
    try:
        size = len(bounded)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        raise OverflowError(f"range() quá {MAX_ITEMS} phần tử")
    return bounded


# Methods that allocate in proportion to an argument: checked before the C call. Each guard gets the
# bound method, the object and the call's arguments, and returns the method's result.


def _padded(method: Callable[..., Any], owner: Any, width: Any = 0, *rest: Any) -> Any:
    if isinstance(width, int):
        _too_big(f"{method.__name__}()", width)
    return method(width, *rest)


def _expanded(method: Callable[..., Any], owner: Any, tabsize: Any = 8) -> Any:
    if isinstance(tabsize, int):
        tab = "\t" if isinstance(owner, str) else b"\t"
        _too_big("expandtabs()", len(owner) + owner.count(tab) * tabsize)
    return method(tabsize)


def _replaced(method: Callable[..., Any], owner: Any, old: Any, new: Any, count: Any = -1) -> Any:
    if isinstance(old, _TEXTS) and isinstance(new, _TEXTS) and isinstance(count, int):
        found = owner.count(old) if old else len(owner) + 1
        found = found if count < 0 else min(found, count)
        _too_big("replace()", len(owner) + found * max(0, len(new) - len(old)))
    return method(old, new, count)


def _collected(iterable: Any, what: str, start: int, texts: bool) -> list[Any] | tuple[Any, ...]:
    """The items of an iterable, refused as soon as `start` plus their count (or their lengths) passes MAX_ITEMS."""
    if isinstance(iterable, (list, tuple)):
        return iterable
    items, size = [], start
    for item in iterable:
        items.append(item)
        size += len(item) if texts and isinstance(item, _TEXTS) else 1
        _too_big(what, size)
    return items


def _joined(method: Callable[..., Any], owner: Any, iterable: Any) -> Any:
    items = _collected(iterable, "join()", 0, texts=True)
    try:
        size = sum(map(len, items)) + len(owner) * max(0, len(items) - 1)
    except TypeError:
        size = 0  # not texts: join raises its own TypeError
    _too_big("join()", size)
    return method(items)


def _translated(method: Callable[..., Any], owner: Any, table: Any) -> Any:
    if isinstance(owner, str) and isinstance(table, dict):
        longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
        _too_big("translate()", len(owner) * longest)
    return method(table)


def _to_bytes(method: Callable[..., Any], owner: Any, *args: Any, **kwargs: Any) -> Any:
    length = args[0] if args else kwargs.get("length", 1)
    if isinstance(length, int):
        _too_big("to_bytes()", length)
    return method(*args, **kwargs)


def _extended(method: Callable[..., Any], owner: Any, iterable: Any) -> Any:
    sized = isinstance(iterable, (*_SEQUENCES, dict, set, frozenset, range))
    items = iterable if sized else _collected(iterable, "extend()", len(owner), texts=False)
    _too_big("extend()", len(owner) + len(items))
    return method(items)


def _sorted_in_place(method: Callable[..., Any], owner: Any, **kwargs: Any) -> Any:
    _too_big("sort()", len(owner))
    return method(**kwargs)


_SIZED_METHODS: dict[str, tuple[tuple[type, ...], Callable[..., Any]]] = {
    **{name: (_TEXTS, _padded) for name in ("ljust", "rjust", "center", "zfill")},
    "expandtabs": (_TEXTS, _expanded),
    "replace": (_TEXTS, _replaced),
    "join": (_TEXTS, _joined),
    "translate": (_TEXTS, _translated),
    "to_bytes": ((int,), _to_bytes),
    "extend": ((list, bytearray), _extended),
    "sort": ((list,), _sorted_in_place),
}


def _unbound(owner: type, name: str, guard: Callable[..., Any]) -> Callable[..., Any]:
    def call(instance: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(instance, owner):
            return getattr(owner, name)(instance, *args, **kwargs)  # Python's own TypeError
        return guard(getattr(instance, name), instance, *args, **kwargs)

    return call


def _getattr(obj: Any, name: str) -> Any:
    """RestrictedPython's attribute guard; a missing attribute raises AttributeError naming it (not None),
    and methods that allocate by an argument (`'x'.ljust(10**9)`) get their size checked first."""
    if obj is _GuardedStr:
        obj = str
    value = safer_getattr(obj, name, raise_)
    sized = _SIZED_METHODS.get(name)
    if sized is None:
        return value
    owners, guard = sized
    if isinstance(obj, type) and issubclass(obj, owners):
        return _unbound(obj, name, guard)
    if isinstance(obj, owners):
        return functools.partial(guard, value, obj)
    return value


def _catchable(kind: Any) -> Any:
    """The class an `except` clause matches: Exception or its subclasses only (None: a bare except)."""
    if kind is None:
        return Exception
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if all(isinstance(k, type) and issubclass(k, Exception) for k in kinds):
        return kind
    raise _Forbidden("chỉ được bắt các lỗi thuộc Exception (except Exception hoặc lớp con của nó)")


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
    "divmod": _divmod,
    "round": _round,
    "repr": _repr,
    "str": _GuardedStr,
    "date": date,
    "datetime": datetime,
    "timedelta": timedelta,
    "add_days": add_days,
    "is_working_day": is_working_day,
    "add_working_days": add_working_days,
    "_getattr_": _getattr,
    "_getitem_": _getitem,
    "_write_": full_write_guard,  # plain dicts and lists are writable; anything else is wrapped
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_inplacevar_": _inplacevar,
    "_binop_": _binop,
    "_apply_": _apply,
    "_print_": _BoundedPrint,
    "_catchable_": _catchable,
    "_format_": _format,
}


def _sorted(iterable: Iterable[Any], tick: Callable[[], None], **kwargs: Any) -> list[Any]:
    items = list(_ticking(iterable, tick))
    _too_big("sorted()", len(items))
    items.sort(**kwargs)
    return items


def _consumers(tick: Callable[[], None]) -> dict[str, Any]:
    """Builtins that loop in C over an iterable: feed them a ticking iterator instead."""

    def first_arg(func: Callable[..., Any]) -> Callable[..., Any]:
        return lambda iterable, *a, **kw: func(_ticking(iterable, tick), *a, **kw)

    def single_arg(func: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kw: Any) -> Any:
            return func(_ticking(args[0], tick), **kw) if len(args) == 1 else func(*args, **kw)

        return call

    return {"sum": first_arg(_sum), "sorted": lambda iterable, **kw: _sorted(iterable, tick, **kw),
            "any": first_arg(any), "all": first_arg(all), "min": single_arg(min), "max": single_arg(max)}


def _is_visible(key: object) -> bool:
    # Underscore names cannot be written in a script; hiding such keys also stops task data from
    # shadowing the guards (`_getattr_` ...) that live in the builtins layer.
    return isinstance(key, str) and not key.startswith("_")


def _visible(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if _is_visible(k)}


_JSON_SCALARS = (int, float, bool, type(None))


class _NotJson(ValueError):
    """Why a value cannot be stored: `kind` is 'type', 'depth', 'cycle' or 'size'."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


def _scalar_size(item: Any) -> int:
    if isinstance(item, str):
        return len(item) + 2
    if isinstance(item, int) and not isinstance(item, bool):
        return item.bit_length() // 3 + 2
    if isinstance(item, _JSON_SCALARS):
        return 8
    raise _NotJson("type", f"kiểu {type(item).__name__}")


def _container_size(item: dict | list, depth: int, sizes: dict[int, int]) -> int:
    if depth >= MAX_JSON_DEPTH:
        raise _NotJson("depth", f"lồng nhau quá {MAX_JSON_DEPTH} mức")
    sizes[id(item)] = -1  # being measured: meeting it again is a cycle
    if isinstance(item, dict):
        if not all(isinstance(k, str) for k in item):
            raise _NotJson("type", "khóa của dict phải là chuỗi")
        size = 2 + sum(map(len, item)) + 4 * len(item) + _children_size(item.values(), depth + 1, sizes)
    else:
        size = 2 + len(item) + _children_size(item, depth + 1, sizes)
    sizes[id(item)] = size
    return size


def _children_size(values: Iterable[Any], depth: int, sizes: dict[int, int]) -> int:
    size = 0
    for value in values:  # the common kinds inline: a 1 000 000-item list is measured in ~0.1 s
        kind = type(value)
        if kind is str:
            size += len(value) + 2
        elif kind is int:
            size += value.bit_length() // 3 + 2
        elif kind is float or kind is bool or value is None:
            size += 8
        else:
            size += _json_size(value, depth, sizes)
    return size


def _json_size(item: Any, depth: int, sizes: dict[int, int]) -> int:
    """About len(json.dumps(item)), each reference written out, in time linear in the distinct objects.

    A container is measured once and remembered (`sizes`, by id): `a = [a, a]` forty times is 41
    lists whose size, 2**40 items written, is known after 41 steps instead of 2**40.
    """
    if not isinstance(item, (dict, list)):
        return _scalar_size(item)
    known = sizes.get(id(item))
    if known is None:
        return _container_size(item, depth, sizes)
    if known < 0:
        raise _NotJson("cycle", "chứa chính nó (tham chiếu vòng)")
    return known


def _measure(value: Any, sizes: dict[int, int]) -> int:
    try:
        return _json_size(value, 0, sizes)
    except RecursionError:  # deeper than the stack allows here: json.dumps could not write it either
        raise _NotJson("depth", "lồng nhau quá sâu") from None


_TOO_LARGE = f"lớn hơn {MAX_STATE_BYTES:_} byte khi lưu".replace("_", ".")


def _json_problem(value: Any) -> _NotJson | None:
    try:
        size = _measure(value, {})
    except _NotJson as problem:
        return problem
    return _NotJson("size", _TOO_LARGE) if size > MAX_STATE_BYTES else None


def _require_json(data: dict[str, Any]) -> None:
    """Task data is stored as JSON; a date or tuple left behind would only fail later, at save. Its
    written size, every reference counted, must stay under MAX_STATE_BYTES: measured before anything
    is serialized, so a small object that references one list many times is refused, not written."""
    sizes: dict[int, int] = {}
    total = 0
    for key, value in data.items():
        try:
            total += _measure(value, sizes) + len(key) + 4
        except _NotJson as problem:
            raise SandboxFailure(f"để lại biến '{key}' không lưu được dưới dạng JSON ({problem}); "
                                 "hãy dùng chuỗi ISO cho ngày giờ và list thay cho tuple", label="Tập lệnh") from None
        if total > MAX_STATE_BYTES:
            raise SandboxFailure(f"để lại dữ liệu quá lớn: tính đến biến '{key}', dữ liệu của bước {_TOO_LARGE} "
                                 "(mỗi lần tham chiếu đến cùng một giá trị được tính riêng)", label="Tập lệnh")


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


class _Budget:
    """A script's time: `limit` seconds of its thread's CPU. Checks read the cheap wall clock; only once that has
    run out is the CPU clock read (a system call, ~15× dearer) and the wall deadline moved by the CPU time left.

    Full garbage collections that fall inside the script are not counted, up to COLLECTIONS_FORGIVEN times the
    limit (engine/bpmn/collector.py): they walk the host's heap, and a script that makes garbage on purpose still
    stops after a bounded time."""

    __slots__ = ("limit", "cpu_start", "collections_start", "wall_deadline")

    def __init__(self, limit: float):
        self.limit = limit
        self.cpu_start = time.thread_time()
        self.collections_start = full_collection_time()
        self.wall_deadline = time.monotonic() + limit

    def spent(self) -> bool:
        if time.monotonic() <= self.wall_deadline:
            return False
        collections = min(full_collection_time() - self.collections_start, COLLECTIONS_FORGIVEN * self.limit)
        left = self.limit - (time.thread_time() - self.cpu_start - collections)
        if left <= 0:
            return True  # and again at every later check: the CPU time only grows
        self.wall_deadline = time.monotonic() + left
        return False


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
        problem = _json_problem(result)
        if problem is not None and problem.kind == "size":
            raise SandboxFailure(f"trả về giá trị {problem}", label="Biểu thức")
        if problem is not None:
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

    def _builtins(self, budget: _Budget, external_context: dict | None) -> dict[str, Any]:
        def tick() -> None:
            # Sticky: once the time is spent, every later check raises again.
            if budget.spent():
                raise _Timeout

        def caught(exc: BaseException) -> None:
            tick()
            if isinstance(exc, (MemoryError, RecursionError)):
                raise exc  # the step failed; a handler may not carry on after it

        guards = {"_tick_": tick, "_getiter_": lambda obj: _ticking(obj, tick), "_caught_": caught,
                  **_consumers(tick)}
        # External names (data objects, DMN's input) come first so they can never replace a guard.
        return {**_visible(external_context or {}), **_STATIC_BUILTINS, **guards}

    def _run(self, code: CodeType, scope: dict[str, Any], external_context: dict | None, label: str) -> Any:
        budget = _Budget(self.time_limit)
        scope["__builtins__"] = self._builtins(budget, external_context)
        try:
            result = eval(code, scope)  # a restricted code object over guarded builtins
            if budget.spent():  # the last statements ran past it without a check
                raise _Timeout
            return result
        except (KeyboardInterrupt, SystemExit):
            raise  # host signals; scripts cannot reach these classes
        except BaseException as exc:  # whatever a script raises is the script's failure
            raise SandboxFailure(self._reason(exc), label=label) from _cause(exc)
        finally:
            scope.pop("__builtins__", None)

    def _reason(self, exc: BaseException) -> str:
        if isinstance(exc, _Timeout):
            return f"chạy quá {_seconds(self.time_limit)} giây và đã bị dừng"
        if isinstance(exc, RecursionError):
            return "lỗi: đệ quy quá sâu (RecursionError)"
        if isinstance(exc, MemoryError):
            return "lỗi: dùng quá nhiều bộ nhớ và đã bị dừng (MemoryError)"
        if isinstance(exc, _Forbidden):
            return f"bị từ chối: {exc}"
        line = _script_line(exc)
        at_line = f" ở dòng {line}" if line else ""
        return f"lỗi{at_line}: {type(exc).__name__}: {exc}"


def _cause(exc: BaseException) -> BaseException | None:
    # A timeout's traceback is noise; a MemoryError's would keep the frames (and their data) alive.
    return None if isinstance(exc, (_Timeout, MemoryError, _Forbidden)) else exc


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

    timer_came_due = False  # set by refresh_timers

    def refresh_timers(self) -> None:
        """SpiffWorkflow's refresh, noting whether it made a due timer READY: do_engine_steps ends with it and
        leaves that timer unrun (engine/bpmn/runtime.py, _steps_to_wait, runs it)."""
        waiting = list(self.event_manager.tasks.values())
        super().refresh_timers()
        self.timer_came_due = any(task.state == TaskState.READY for task in waiting)

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
