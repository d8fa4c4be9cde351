"""The vault zone: identity, credentials and payment data, reachable only through this package."""
