"""planflow's engine: the BPMN runtime and the domain services of the plan cycle (docs/architecture.md)."""
