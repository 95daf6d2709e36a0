"""The BPMN runtime: parse, validate, deploy and run processes durably; the only package built on SpiffWorkflow."""
