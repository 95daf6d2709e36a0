"""Processes as designers and administrators see them: versions, differences, migration, repairs, diagrams."""
