"""Admin: staff accounts (add, change role and units, deactivate, reset password or two-factor)."""
