"""Parse stage: raw documents → :class:`marsad.models.Article` objects."""
