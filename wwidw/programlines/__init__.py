"""Program lines (programmalijnen): an organisation sorts its interventions under its own lines."""
