"""The scheduler: what happens by the clock — reports opening, timers firing, mail leaving — done in short
transactions of one item each, by `planflow run-due` once or by `planflow worker` continuously (docs/operations.md).
"""
