"""The intervention catalogue: describing interventions in the shared format and finding them."""
