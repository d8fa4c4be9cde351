"""Figures the suite prints at the end (pytest_terminal_summary in conftest.py)."""
COUNTS = {"matrix endpoints": 0, "matrix cases": 0, "fuzz examples": 0, "fuzz cases": 0}
