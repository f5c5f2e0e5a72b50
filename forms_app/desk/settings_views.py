"""Admin: office settings (default due times) and leave days."""
