"""Admin: canned replies."""
