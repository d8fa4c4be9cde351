"""Attendance proofs: relevé de réalisation and certificat de réalisation."""
