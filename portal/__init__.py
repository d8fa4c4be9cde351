"""Pétale's application package. The application itself is built by portal.factory.create_app().

Importing any `portal.*` module runs this file first: it stays empty, so that a worker, a command or the
pure bouquet engine loads only what it imports."""
