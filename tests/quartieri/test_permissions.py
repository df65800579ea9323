"""Who may do what in the management area: persona × action → HTTP status.

A place the user does not manage is a 404 (it is fetched through
Luogo.objects.gestibili_da); the dashboard answers 403 to signed-in users who
manage nothing; anonymous users are sent to the login page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartieri.models import Servizio
from tests.factories import crea_servizio

pytestmark = pytest.mark.django_db

AZIONI = {
    # name: (method, URL name, needs the service's pk, POST data)
    "dashboard": ("get", "home", False, None),
    "pagina": ("get", "luogo", False, None),
    "salva_pagina": ("post", "luogo", False, {"descrizione": "Aggiornata"}),
    "orari": ("get", "orari", False, None),
    "chiusure": ("get", "eccezioni", False, None),
    "servizi": ("get", "servizi", False, None),
    "nuovo_servizio": ("get", "servizio_nuovo", False, None),
    "servizio": ("get", "servizio", True, None),
    "conferma_eliminazione": ("get", "servizio_elimina", True, None),
    "elimina_servizio": ("post", "servizio_elimina", True, {}),
}

# What the community manager of `casa` (and staff) may do; POSTs redirect when done.
CONSENTITO = {nome: 302 if metodo == "post" else 200 for nome, (metodo, *_) in AZIONI.items()}
NEGATO = {nome: 404 for nome in AZIONI} | {"dashboard": 403}
ATTESI = {
    "anonimo": dict.fromkeys(AZIONI, 302),
    "cittadino": NEGATO,
    "tutor": NEGATO,
    # Manages another place: has a dashboard, sees nothing of `casa`.
    "altro_community_manager": NEGATO | {"dashboard": 200},
    "community_manager": CONSENTITO,
    "staff": CONSENTITO,
}


@pytest.mark.parametrize("azione", list(AZIONI))
@pytest.mark.parametrize("persona", list(ATTESI))
def test_matrice_dei_permessi(client, request, casa, altra_casa, persona, azione):
    servizio = crea_servizio(casa)
    if persona != "anonimo":
        client.force_login(request.getfixturevalue(persona))
    metodo, nome_url, con_pk, dati = AZIONI[azione]
    kwargs = {} if nome_url == "home" else {"slug": casa.slug}
    if con_pk:
        kwargs["pk"] = servizio.pk
    indirizzo = reverse(f"gestione:{nome_url}", kwargs=kwargs)

    risposta = (
        getattr(client, metodo)(indirizzo, dati) if dati is not None else client.get(indirizzo)
    )

    assert risposta.status_code == ATTESI[persona][azione]
    if persona == "anonimo":
        assert risposta["Location"].startswith(reverse("account_login"))
    if metodo == "post" and risposta.status_code != 302:
        casa.refresh_from_db()
        assert casa.descrizione != "Aggiornata"
        assert Servizio.objects.filter(pk=servizio.pk).exists()
