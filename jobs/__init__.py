"""RQ entry points and the periodic schedule. Thin: the work itself lives in portal services."""
