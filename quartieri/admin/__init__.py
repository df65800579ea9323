"""The quartieri app's admin, one module per area: territory, organisations, places
and services; activities, logs and desk contacts; participation bodies; news."""

from quartieri.admin import attivita, luoghi, novita, partecipazione  # noqa: F401 - they register
