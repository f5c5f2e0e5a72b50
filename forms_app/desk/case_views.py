"""One case: its details, history, replies and notes; status changes, assignment."""
