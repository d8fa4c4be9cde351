"""Joining the portal, signing in and managing one's own account: sign-up and confirmation, login with its
second factor, password reset, the profile and its rectification, and the account's security page. The
account itself (its row, its tokens, the lookups everyone needs) is portal.accounts, below."""
