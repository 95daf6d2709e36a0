"""Notifications: notices in the app, and their e-mail copies queued in the work and sent after it."""
