"""A citizen registers to a date of an activity, or cancels their own registration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartieri.forms.attivita import IscrizioneForm
from quartieri.models import Iscrizione, Occorrenza
from quartieri.services import attivita as services_attivita


@require_POST
def iscriviti(request: HttpRequest, pk: int) -> HttpResponse:
    occorrenza = get_object_or_404(
        Occorrenza.objects.visibili_a(request.user).select_related("attivita"), pk=pk
    )
    if not request.user.is_authenticated:
        # Back to the activity's page after signing in: this URL answers POST only.
        return redirect_to_login(occorrenza.get_absolute_url())
    form = IscrizioneForm(request.POST, attivita=occorrenza.attivita)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["persone"]))
        return redirect(occorrenza.get_absolute_url())
    try:
        iscrizione = services_attivita.iscrivi(
            occorrenza=occorrenza, utente=request.user, persone=form.cleaned_data["persone"]
        )
    except ValidationError as errore:
        messages.error(request, " ".join(errore.messages))
    else:
        if iscrizione.stato == Iscrizione.Stato.CONFERMATA:
            messages.success(request, _("Sei iscritto: ti abbiamo mandato una e-mail."))
        else:
            messages.warning(
                request,
                _("I posti sono esauriti: sei in lista d'attesa. Ti scriveremo se si libera."),
            )
    return redirect(occorrenza.get_absolute_url())


@require_POST
def annulla_iscrizione(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Only one's own registration can be found: anyone else's is a 404.
    iscrizione = get_object_or_404(
        Iscrizione.objects.attive().select_related("occorrenza__attivita"),
        occorrenza_id=pk,
        utente=request.user,
    )
    services_attivita.annulla_iscrizione(iscrizione=iscrizione, utente=request.user)
    messages.success(request, _("La tua iscrizione è stata annullata."))
    # Cancelled from the personal area, one goes back there (a local address only).
    prossima = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(prossima, allowed_hosts=None):
        return redirect(prossima)
    return redirect(iscrizione.occorrenza.get_absolute_url())
