"""Accounts: logging in, the own account, colleagues, organisations."""
