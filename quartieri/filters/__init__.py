"""django-filter FilterSets of the public pages, one module per area."""
