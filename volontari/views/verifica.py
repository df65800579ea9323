"""/verifica/: the public check of a certificate of volunteer hours.

The page shows the name, the period, the hours and the issue date, nothing
else: no codice fiscale, birth date, address or phone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from volontari import certificati
from volontari.forms_area_personale import VerificaForm
from volontari.models import Volontario


class VerificaModuloView(FormView):
    """/verifica/: type or paste a certificate's code."""

    form_class = VerificaForm
    template_name = "volontari/pubbliche/verifica_modulo.html"

    def form_valid(self, form: VerificaForm) -> HttpResponse:
        return redirect(
            reverse("volontari:verifica", kwargs={"codice": form.cleaned_data["codice"]})
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(briciole=[(_("Verifica un attestato"), None)], **kwargs)


def verifica(request: HttpRequest, codice: str) -> HttpResponse:
    """/verifica/<code>/: whether a certificate is authentic and its hours still stand."""
    certificato = certificati.leggi_codice(codice)
    contesto: dict[str, Any] = {
        "certificato": certificato,
        "briciole": [
            (_("Verifica un attestato"), reverse("volontari:verifica_modulo")),
            (_("Esito"), None),
        ],
    }
    if certificato is None:
        return render(request, "volontari/pubbliche/verifica.html", contesto, status=404)
    # Only the two name fields are read: nothing else personal reaches the page.
    volontario = (
        Volontario.objects.filter(pk=certificato.volontario_id)
        .only("nome", "cognome", "anonimizzato_il")
        .first()
    )
    contesto.update(
        volontario=volontario,
        ore_attuali=certificati.totale_approvato(
            certificato.volontario_id, certificato.dal, certificato.al
        ),
    )
    return render(request, "volontari/pubbliche/verifica.html", contesto)
