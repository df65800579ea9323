"""/area-personale/: a citizen's own enrolments, hours, applications, certificate and data.

Everything is read through the signed-in user's own profile: there is no id
in these URLs, so nobody can reach another person's data through them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from portal.cache_pagine import PaginaPersonaleInCacheMixin
from portal.righe import chiave_riga
from quartieri.models import Iscrizione
from volontari import certificati, gdpr
from volontari.forms_area_personale import CancellaAccountForm, CertificatoForm
from volontari.models import Incarico, OreVolontariato, Volontario
from volontari.templatetags.ore_volontariato import ore

ULTIME_VOCI = 20
ULTIME_CANDIDATURE = 20
PROSSIME_ISCRIZIONI = 50
ULTIME_ISCRIZIONI = 20


def volontario_di(user) -> Volontario | None:
    """The signed-in user's own volunteer profile, if they completed one."""
    return Volontario.objects.filter(user=user, anonimizzato_il__isnull=True).first()


def _somme_per_stato() -> dict[str, Sum]:
    return {
        "approvate": Sum("ore", filter=Q(stato=OreVolontariato.Stato.APPROVATA)),
        "in_attesa": Sum("ore", filter=Q(stato=OreVolontariato.Stato.IN_ATTESA)),
    }


def _ore_dell_anno(
    volontario: Volontario, anno: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """My hours of `anno` by month and by opportunity (with its project), approved and
    pending, aggregated in the database: a volunteer may have years of entries."""
    ore_dell_anno = OreVolontariato.objects.filter(
        incarico__volontario=volontario, data__year=anno
    ).order_by()
    per_mese = list(
        ore_dell_anno.annotate(mese=TruncMonth("data"))
        .values("mese")
        .annotate(**_somme_per_stato())
        .order_by("mese")
    )
    per_opportunita = list(
        ore_dell_anno.values(
            "incarico__opportunita",
            titolo=F("incarico__opportunita__titolo"),
            progetto=F("incarico__opportunita__progetto__titolo"),
        )
        .annotate(**_somme_per_stato())
        .order_by("titolo", "incarico__opportunita")
    )
    return per_mese, per_opportunita


def _ultime_voci(incarichi: dict[int, Incarico]) -> list[dict[str, Any]]:
    """The latest entries as rows of display values: formatted here once, the template
    only prints them (per-row filters and get_stato_display were most of its time)."""
    # By the enrolments' ids, already loaded with their opportunity: the planner reads
    # the (incarico, data) index and no join is needed.
    voci = (
        OreVolontariato.objects.filter(incarico__in=incarichi)
        .only("incarico", "data", "ore", "stato", "motivo_rifiuto", "corregge_id")
        .order_by("-data", "-pk")[:ULTIME_VOCI]
    )
    stati = {valore: capfirst(str(nome)) for valore, nome in OreVolontariato.Stato.choices}
    return [
        {
            "giorno": formats.date_format(voce.data, "SHORT_DATE_FORMAT"),
            "opportunita": incarichi[voce.incarico_id].opportunita.titolo,
            "correzione": voce.corregge_id is not None,
            "ore": ore(voce.ore),
            "stato": stati[voce.stato],
            "motivo_rifiuto": voce.motivo_rifiuto,
        }
        for voce in voci
    ]


def _iscrizioni_alle_attivita(user) -> dict[str, list[Iscrizione]]:
    """My coming registrations (with my place on a waiting list) and the latest past ones."""
    adesso = timezone.now()
    # Only the printed columns (the date, the activity and its place are wide rows).
    mie = (
        Iscrizione.objects.filter(utente=user)
        .select_related("occorrenza__attivita__luogo")
        .only(
            "stato",
            "persone",
            "occorrenza__inizio",
            "occorrenza__annullata",
            "occorrenza__attivita__titolo",
            "occorrenza__attivita__luogo__nome",
        )
    )
    prossime = list(mie.attive().prossime(adesso)[:PROSSIME_ISCRIZIONI])
    in_attesa = [i for i in prossime if i.stato == Iscrizione.Stato.IN_ATTESA]
    # Places in waiting lists only when I am on one: building con_posizione()'s subquery
    # cost more than both queries of a person with no waiting registration.
    if in_attesa:
        posizioni = dict(
            Iscrizione.objects.filter(pk__in=[i.pk for i in in_attesa])
            .con_posizione()
            .values_list("pk", "posizione")
        )
        for iscrizione in in_attesa:
            iscrizione.posizione = posizioni[iscrizione.pk]
    return {
        "iscrizioni_prossime": prossime,
        "iscrizioni_passate": list(mie.confermate().passate(adesso)[:ULTIME_ISCRIZIONI]),
        "adesso": adesso,
    }


def _briciole(*ultime: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    if not ultime:
        return [(_("Area personale"), None)]
    return [(_("Area personale"), reverse("volontari:area_personale")), *ultime]


class AreaPersonaleView(LoginRequiredMixin, PaginaPersonaleInCacheMixin, TemplateView):
    """/area-personale/: my enrolments, my hours by month and by project, my applications."""

    template_name = "volontari/area_personale/home.html"
    parametri_letti = ("anno",)

    def anno(self, anni: list[int]) -> int:
        """The year whose hours are shown: ?anno= if it is one of `anni`, else the latest."""
        try:
            scelto = int(self.request.GET.get("anno", ""))
        except ValueError:
            scelto = None
        return scelto if scelto in anni else anni[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(briciole=_briciole(), **kwargs)
        context.update(_iscrizioni_alle_attivita(self.request.user))
        volontario = volontario_di(self.request.user)
        context["volontario"] = volontario
        if volontario is None:
            return context
        oggi = timezone.localdate()
        incarichi = list(
            volontario.incarichi.select_related("opportunita__luogo")
            .only(
                "volontario_id",
                "data_inizio",
                "data_fine",
                "opportunita__titolo",
                "opportunita__luogo__nome",
            )
            .order_by("-data_inizio", "-pk")
        )
        per_pk = {i.pk: i for i in incarichi}
        primo_anno = min((i.data_inizio.year for i in incarichi), default=oggi.year)
        anni = list(range(oggi.year, min(primo_anno, oggi.year) - 1, -1))
        anno = self.anno(anni)
        per_mese, per_opportunita = _ore_dell_anno(volontario, anno)
        ore_mostrate = {
            "anni": anni,
            "anno": anno,
            "per_mese": per_mese,
            "per_opportunita": per_opportunita,
            "totale_approvate": sum((r["approvate"] or Decimal(0) for r in per_mese), Decimal(0)),
            "totale_in_attesa": sum((r["in_attesa"] or Decimal(0) for r in per_mese), Decimal(0)),
            "ultime_voci": _ultime_voci(per_pk),
        }
        context.update(
            ore_mostrate,
            # The hours' section is kept rendered under all it prints (portal/righe.py).
            chiave_ore=chiave_riga(*ore_mostrate.values()),
            incarichi_attivi=[i for i in incarichi if i.attivo_il(oggi)],
            incarichi_conclusi=[i for i in incarichi if not i.attivo_il(oggi)],
            candidature=volontario.candidature.select_related("opportunita")
            .only("volontario_id", "stato", "risposta", "created_at", "opportunita__titolo")
            .order_by("-created_at", "-pk")[:ULTIME_CANDIDATURE],
        )
        return context


class CertificatoView(LoginRequiredMixin, View):
    """/area-personale/attestato/: choose a period; a valid one downloads the PDF at once.

    Produced in the request: a year of entries is one aggregate query and a
    one-page PDF, well under a second, so no task queue is needed.
    """

    template_name = "volontari/area_personale/certificato.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        volontario = volontario_di(request.user)
        if volontario is None:
            messages.info(request, _("Completa il profilo di volontario per avere un attestato."))
            return redirect(reverse("volontari:profilo"))
        if "dal" not in request.GET and "al" not in request.GET:
            return self.mostra(CertificatoForm())
        form = CertificatoForm(request.GET)
        if not form.is_valid():
            return self.mostra(form, status=400)
        dal, al = form.cleaned_data["dal"], form.cleaned_data["al"]
        certificato, righe = certificati.crea_certificato(volontario=volontario, dal=dal, al=al)
        pdf = certificati.pdf_certificato(certificato, volontario, righe)
        risposta = HttpResponse(pdf, content_type="application/pdf")
        risposta["Content-Disposition"] = (
            f'attachment; filename="attestato-volontariato-{dal:%Y%m%d}-{al:%Y%m%d}.pdf"'
        )
        return risposta

    def mostra(self, form: CertificatoForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"form": form, "briciole": _briciole((_("Attestato delle ore"), None))},
            status=status,
        )


class EsportaDatiView(LoginRequiredMixin, View):
    """/area-personale/i-miei-dati.json: everything the portal holds about me (GDPR art. 15, 20)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        dati = gdpr.esporta_dati(utente=request.user)
        risposta = HttpResponse(
            json.dumps(dati, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        risposta["Content-Disposition"] = 'attachment; filename="i-miei-dati.json"'
        risposta["Cache-Control"] = "no-store"
        return risposta


class CancellaAccountView(LoginRequiredMixin, FormView):
    """/area-personale/cancella-account/: erase my account; my approved hours stay, anonymous."""

    form_class = CancellaAccountForm
    template_name = "volontari/area_personale/cancella_account.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "utente": self.request.user}

    def form_valid(self, form: CancellaAccountForm) -> HttpResponse:
        gdpr.cancella_account(utente=self.request.user)
        logout(self.request)
        messages.success(
            self.request,
            _("Il tuo account è stato cancellato. Le ore approvate restano nei totali, anonime."),
        )
        return redirect(reverse("portal:home"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            briciole=_briciole((_("Cancella il mio account"), None)), **kwargs
        )
