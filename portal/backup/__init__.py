"""Encrypted backups of the three data zones, rotated, verified and restorable."""
