"""Workflows of recently stepped instances, kept in memory between the units of work of one process.

Deserializing an instance costs as much as running a step (docs/benchmarks.md). A long-running
process (the web application) that steps the same instance again can reuse the workflow it saved,
provided nothing else changed it: an entry is keyed by the row version its unit of work committed,
is taken out while a step uses it (so a failed step never puts back what it half changed), and is
put back only after the commit. Another process writing the row bumps the version, so a stale entry
is never used. Each CLI call is a new process and always loads from the database.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from engine.bpmn.scripting import SafeWorkflow

DEFAULT_SIZE = 256


class WarmWorkflows:
    def __init__(self, size: int | None = None):
        self.size = int(os.environ.get("PLANFLOW_WARM_WORKFLOWS", DEFAULT_SIZE)) if size is None else size
        self._entries: OrderedDict[int, tuple[int, SafeWorkflow]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, instance_id: int, row_version: int) -> SafeWorkflow | None:
        """The workflow saved at exactly this row version, removed from the cache; else None."""
        with self._lock:
            entry = self._entries.pop(instance_id, None)
        return entry[1] if entry is not None and entry[0] == row_version else None

    def keep(self, instance_id: int, row_version: int, workflow: SafeWorkflow) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[instance_id] = (row_version, workflow)
            self._entries.move_to_end(instance_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
