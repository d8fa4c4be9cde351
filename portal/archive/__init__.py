"""The archive zone: legal records kept after an account is closed, each with its purge date."""
