from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from portal.navigation import url_se_esiste, voce_attiva, voci_menu
from portal.ruoli import usa_area_gestione, usa_area_tutor


def portal(request: HttpRequest) -> dict:
    attiva = voce_attiva(request.path)
    navigazione = [
        {
            "label": voce.label,
            "url": voce.url,
            "data_element": voce.data_element,
            "attivo": voce == attiva,
        }
        for voce in voci_menu()
    ]
    user = request.user
    # The management area is linked only for the roles that use it; the role flags
    # come with the user's own query (portal/backends.py).
    gestisce = usa_area_gestione(user)
    return {
        "LINK_GESTIONE": url_se_esiste("gestione:home") if gestisce else None,
        # The user menu's other role links (issue 13); /report/ admits the same roles.
        "LINK_TUTOR": url_se_esiste("volontari:tutor") if usa_area_tutor(user) else None,
        "LINK_REPORT": url_se_esiste("portal:report") if gestisce else None,
        "SITE_NAME": settings.SITE_NAME,
        "ACCESSIBILITY_URL": settings.ACCESSIBILITY_URL,
        "NAVIGAZIONE": navigazione,
        # The header's menu is cached per active item (includes/header.html): its key.
        "NAVIGAZIONE_ATTIVA": attiva.url if attiva else "",
        "SITE_LOGO": settings.SITE_LOGO,
    }
