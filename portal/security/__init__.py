"""Protection mechanisms of the policy: HTTP headers (two-factor, throttling and backups come later)."""
