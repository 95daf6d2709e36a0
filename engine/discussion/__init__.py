"""Discussion on tasks, plans and reports: comments, versioned attachments and the file store check."""
