"""`python -m layanan`: the `layanan` command, for a process that has no console script on its PATH."""

from layanan.cli import main

main()
