"""Forms of the management pages, one module per area."""
