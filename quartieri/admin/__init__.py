"""The quartieri app's admin, one module per area: territory, organisations, places
and services; activities, logs and desk contacts; participation bodies."""

from quartieri.admin import attivita, luoghi, partecipazione  # noqa: F401 - they register
