"""Monitoring interventions: goals with baselines and targets, measurements, activities, costs."""
