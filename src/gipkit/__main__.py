"""Permet ``python -m gipkit``."""

from gipkit.cli import main

main()
