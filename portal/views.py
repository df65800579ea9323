from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.forms import ValutazionePaginaForm
from portal.health import stato_servizi
from portal.models import Argomento
from portal.open_data import dataset_pubblicati


class HomeView(PaginaPubblicaInCacheMixin, TemplateView):
    """The network's size, categories and topics: the same for every anonymous visitor."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(argomenti=Argomento.objects.all(), **kwargs)


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/open_data.html",
        {
            "titolo": _("Open data"),
            "briciole": [(_("Open data"), None)],
            "dataset": dataset_pubblicati(),
        },
    )


@require_POST
def valuta_pagina(request: HttpRequest) -> HttpResponse:
    form = ValutazionePaginaForm(request.POST)
    pagina = request.POST.get("pagina", "/")
    if form.is_valid():
        form.save()
        messages.success(request, _("Grazie, la tua valutazione è stata registrata."))
    else:
        messages.error(request, _("Scegli da 1 a 5 stelle per inviare la valutazione."))
    if not url_has_allowed_host_and_scheme(pagina, allowed_hosts={request.get_host()}):
        pagina = "/"
    return HttpResponseRedirect(pagina)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    tutto_ok, risultati = stato_servizi()
    return JsonResponse(
        {"status": "ok" if tutto_ok else "error", **risultati},
        status=200 if tutto_ok else 503,
    )
