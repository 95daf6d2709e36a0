"""Domain errors. Each carries a Vietnamese message meant for the person who acted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class PlanflowError(Exception):
    """Root of every error the engine reports to a user."""

    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(PlanflowError):
    code = "not_found"


class Forbidden(PlanflowError):
    code = "forbidden"


class Conflict(PlanflowError):
    """The state changed under the user: a task someone else completed, a stale version."""

    code = "conflict"


class InvalidInput(PlanflowError):
    """Form data or arguments that do not fit; `fields` maps field name to message."""

    code = "invalid_input"

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


@dataclass(frozen=True)
class DefinitionProblem:
    element_id: str | None
    message: str

    def __str__(self) -> str:
        # Deploy problems name their element in the sentence (engine.bpmn.problems); others get it in front.
        if not self.element_id or f"'{self.element_id}'" in self.message:
            return self.message
        return f"{self.element_id}: {self.message}"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


class InvalidDefinition(PlanflowError):
    """A BPMN or DMN file refused at deployment; one problem per element."""

    code = "invalid_definition"

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        super().__init__("Tệp quy trình không hợp lệ: " + " ".join(_sentence(str(p)) for p in problems))


class ScriptFailure(PlanflowError):
    """A script or expression failed or ran past its time bound; the instance is unchanged."""

    code = "script_error"
    # Declared, never defaulted (readers use getattr): the StepIncident (engine/bpmn/incidents.py, a layer above)
    # that incident_scope attaches when the failure is an incident of an instance.
    incident: Any


class ExecutionFailure(PlanflowError):
    """The engine could not advance an instance; the transaction is rolled back."""

    code = "execution_error"
    incident: Any  # as on ScriptFailure
    element_id: str  # the failing element, when the runtime located it (readers use getattr)
