"""The public site for residents: published resident summaries per neighbourhood, no log-in."""
