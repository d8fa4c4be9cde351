"""The policy version consents are recorded against (versions and notices arrive with issue 7)."""
CURRENT_VERSION = "1.0"
