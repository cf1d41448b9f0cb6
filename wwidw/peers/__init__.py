"""Comparing interventions with peers' side by side, and benchmarks of cost and goal status."""
