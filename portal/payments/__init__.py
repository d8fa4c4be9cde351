"""Card payments through a provider's hosted checkout and a signed webhook; a local test provider."""
