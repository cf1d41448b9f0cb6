"""Free fields (vrije velden): questions each organisation adds to its own interventions."""
