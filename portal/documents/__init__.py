"""Shared making of the legal PDF documents (fpdf2) and the provider's identity on them."""
