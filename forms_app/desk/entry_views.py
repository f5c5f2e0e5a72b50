"""Staff entry on a citizen's behalf (phone, desk, suggestion box) and its printable slip."""
