"""First run: make the first admin, from this machine only, while there is none."""
