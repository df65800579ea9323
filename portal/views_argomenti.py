"""The site search (/cerca/) and the topic pages (/argomenti/), over portal.contenuti."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.contenuti import cerca as cerca_contenuti
from portal.contenuti import tipi_contenuto
from portal.forms import CercaForm
from portal.models import Argomento


def _querystring_senza_pagina(request: HttpRequest) -> str:
    parametri = request.GET.copy()
    parametri.pop("page", None)
    return parametri.urlencode()


@require_GET
def cerca(request: HttpRequest) -> HttpResponse:
    """Public content matching the words typed, grouped by kind; one kind page by page."""
    form = CercaForm(request.GET or None)
    gruppi, chiave, testo = [], "", ""
    if form.is_valid() and form.cleaned_data["q"]:
        testo, chiave = form.cleaned_data["q"], form.cleaned_data["tipo"]
        gruppi = cerca_contenuti(
            testo=testo, chiave=chiave, numero_pagina=request.GET.get("page", 1)
        )
    return render(
        request,
        "portal/cerca.html",
        {
            "form": form,
            "testo": testo,
            "chiave": chiave,
            "gruppi": gruppi,
            "querystring": _querystring_senza_pagina(request),
            "url_tutti": f"?{urlencode({'q': testo})}&tipo=",
            "briciole": [(_("Cerca nel sito"), None)],
        },
    )


@require_GET
def argomenti(request: HttpRequest) -> HttpResponse:
    """Every topic, linked to its page."""
    return render(
        request,
        "portal/argomenti.html",
        {"argomenti": Argomento.objects.all(), "briciole": [(_("Argomenti"), None)]},
    )


@require_GET
def argomento(request: HttpRequest, slug: str) -> HttpResponse:
    """What carries a topic, grouped by kind; `?tipo=` shows one kind page by page."""
    argomento = get_object_or_404(Argomento, slug=slug)
    chiavi = {tipo.chiave for tipo in tipi_contenuto(con_argomenti=True)}
    chiave = request.GET.get("tipo", "")
    if chiave not in chiavi:
        chiave = ""
    return render(
        request,
        "portal/argomento.html",
        {
            "argomento": argomento,
            "chiave": chiave,
            "gruppi": cerca_contenuti(
                argomento=argomento, chiave=chiave, numero_pagina=request.GET.get("page", 1)
            ),
            "querystring": _querystring_senza_pagina(request),
            "briciole": [
                (_("Argomenti"), reverse("portal:argomenti")),
                (argomento.nome, None),
            ],
        },
    )
