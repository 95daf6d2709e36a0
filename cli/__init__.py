"""The `planflow` command line: the only code that imports click (docs/architecture.md)."""
