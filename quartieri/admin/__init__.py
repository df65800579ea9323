"""The quartieri app's admin, one module per area: territory, organisations, places
and services; activities, logs and desk contacts; participation bodies; FAQ and
disservice reports; news."""

from quartieri.admin import (  # noqa: F401 - they register
    assistenza,
    attivita,
    luoghi,
    novita,
    partecipazione,
)
