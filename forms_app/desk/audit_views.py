"""Admin: the audit log, read-only."""
