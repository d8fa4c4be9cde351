"""Attestations de fin de formation: issued once per course version, verifiable by a signed code."""
