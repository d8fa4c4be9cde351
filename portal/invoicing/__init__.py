"""Invoices and credit notes: one gapless numbering per year, never edited, never deleted."""
