"""Your own account: password, and two-factor sign-in for those who may choose it."""
