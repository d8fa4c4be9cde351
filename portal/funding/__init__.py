"""Funding files (dossiers de prise en charge), one per enrolment."""
