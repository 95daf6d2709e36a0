"""A user's work: the tasks they may act on, drafts of their answers, and claiming group tasks."""
