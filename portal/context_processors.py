from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from portal.navigation import voci_menu


def portal(request: HttpRequest) -> dict:
    path = request.path
    navigazione = [
        {
            "label": voce.label,
            "url": voce.url,
            "data_element": voce.data_element,
            "attivo": path.startswith(voce.url),
        }
        for voce in voci_menu()
    ]
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ACCESSIBILITY_URL": settings.ACCESSIBILITY_URL,
        "NAVIGAZIONE": navigazione,
    }
