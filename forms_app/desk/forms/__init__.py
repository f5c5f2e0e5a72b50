"""The desk's forms, one module per area."""
