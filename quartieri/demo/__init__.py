"""The quartieri app's demo records for `load_demo`, one module per area: territory,
organisations, places and services (luoghi), activities, participation bodies, FAQ,
topics and news."""

from quartieri.demo.luoghi import carica

__all__ = ["carica"]
