"""Personalisation (legitimate interest): advanced-module suggestions and theme resources."""
