"""Neighbourhood data: CBS areas (gemeente, wijk, buurt) and, later, their figures."""
