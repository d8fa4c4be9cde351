"""Operational reminders: session start, module releases, course updates, inactivity nudges."""
