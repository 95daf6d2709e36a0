"""The reporting cycle: requirements, obligations, deadlines, consolidation, dashboards and scoring."""
