"""Help pages linked from every footer: frequently asked questions and the
disservice report (modello Comuni criteria C.SI.2.3 and C.SI.2.4)."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quartieri.forms.assistenza import FaqRicercaForm, SegnalazioneForm
from quartieri.models import Faq, Segnalazione
from quartieri.services.assistenza import registra_segnalazione

# The confirmation page's address carries the report's id signed: nobody can
# enumerate reports by changing a number, and no session is needed.
SALE_CONFERMA = "quartieri.segnalazione_inviata"


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    """/domande-frequenti/: the published questions, grouped, optionally searched."""
    form = FaqRicercaForm(request.GET)
    domande = Faq.objects.pubblicate().select_related("gruppo")
    testo = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if testo:
        domande = domande.cerca(testo)
    gruppi = [(gruppo, list(righe)) for gruppo, righe in groupby(domande, key=lambda f: f.gruppo)]
    return render(
        request,
        "quartieri/faq.html",
        {
            "form": form,
            "testo": testo,
            "gruppi": gruppi,
            "numero": sum(len(righe) for _gruppo, righe in gruppi),
            "briciole": [(_("Domande frequenti"), None)],
        },
    )


def _indirizzo_ip(request: HttpRequest) -> str:
    # Behind the proxy (docker/nginx.conf) every request comes from it: the client is
    # the last X-Forwarded-For entry, the one our proxy appended.
    inoltrato = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and inoltrato:
        return inoltrato.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def segnala_disservizio(request: HttpRequest) -> HttpResponse:
    """/segnala-disservizio/: anyone, signed in or not, reports what does not work."""
    form = SegnalazioneForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        dati = {k: v for k, v in form.cleaned_data.items() if k != "privacy"}
        try:
            segnalazione = registra_segnalazione(dati=dati, indirizzo_ip=_indirizzo_ip(request))
        except ValidationError as errore:
            form.add_error(None, errore)
        else:
            token = signing.dumps(segnalazione.pk, salt=SALE_CONFERMA)
            return HttpResponseRedirect(f"{reverse('quartieri:segnalazione_inviata')}?r={token}")
    return render(
        request,
        "quartieri/segnala_disservizio.html",
        {"form": form, "briciole": [(_("Segnala disservizio"), None)]},
        status=400 if form.errors else 200,
    )


@require_GET
def segnalazione_inviata(request: HttpRequest) -> HttpResponse:
    """The reference number of the report just sent."""
    try:
        pk = signing.loads(request.GET.get("r", ""), salt=SALE_CONFERMA, max_age=24 * 3600)
        segnalazione = Segnalazione.objects.get(pk=pk)
    except (signing.BadSignature, Segnalazione.DoesNotExist):
        raise Http404 from None
    return render(
        request,
        "quartieri/segnalazione_inviata.html",
        {
            "segnalazione": segnalazione,
            "briciole": [
                (_("Segnala disservizio"), reverse("quartieri:segnala_disservizio")),
                (_("Segnalazione inviata"), None),
            ],
        },
    )
