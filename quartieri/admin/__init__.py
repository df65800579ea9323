"""The quartieri app's admin, one module per area: territory, organisations, places
and services; activities, logs and desk contacts; participation bodies; FAQ and
disservice reports."""

from quartieri.admin import assistenza, attivita, luoghi, partecipazione  # noqa: F401 - they register
