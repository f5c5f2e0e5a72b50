"""Admin: one person's data: find, export, erase."""
