"""Registered volunteers' hours from an activity log: ledger entries linked to the log.

The log's free number of hours counts only volunteers not in the register;
the others' hours go through the ledger, approved by tutors as usual.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from quartieri.models import Luogo
from volontari import services
from volontari.forms import OreDiPiuVolontariForm
from volontari.models import Incarico, OreVolontariato
from volontari.models.ore import resoconti_con_ore_registrabili_da
from volontari.views.profilo import aggiungi_errori


class OreResocontoView(LoginRequiredMixin, FormView):
    """/volontariato/resoconti/<pk>/ore/: the hours of the volunteers active at the place
    on the day of the log; another place's log is a 404."""

    form_class = OreDiPiuVolontariForm
    template_name = "volontari/ore_resoconto.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.resoconto = get_object_or_404(
                resoconti_con_ore_registrabili_da(request.user).select_related(
                    "occorrenza__attivita__luogo"
                ),
                pk=kwargs["pk"],
            )
            self.occorrenza = self.resoconto.occorrenza
            self.luogo = self.occorrenza.attivita.luogo
            self.giorno = timezone.localtime(self.occorrenza.inizio).date()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        # Only the enrolments this user looks after: a tutor enters the hours of their
        # own volunteers, the place's manager those of every opportunity there.
        incarichi = list(
            Incarico.objects.gestibili_da(self.request.user)
            .attivi(self.giorno)
            .filter(opportunita__luogo=self.luogo)
            .select_related("volontario", "opportunita")
            .order_by("volontario__cognome", "volontario__nome", "pk")
        )
        return {**super().get_form_kwargs(), "incarichi": incarichi}

    def form_valid(self, form: OreDiPiuVolontariForm) -> HttpResponse:
        try:
            voci = services.registra_ore_da_resoconto(
                resoconto=self.resoconto, righe=form.righe(), utente=self.request.user
            )
        except ValidationError as exc:
            aggiungi_errori(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Ore registrate per %d volontari: ora aspettano l'approvazione del tutor.")
            % len(voci),
        )
        return redirect(reverse("volontari:ore_resoconto", kwargs={"pk": self.resoconto.pk}))

    def form_invalid(self, form: OreDiPiuVolontariForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        voci = (
            OreVolontariato.objects.visibili_a(user)
            .filter(resoconto=self.resoconto)
            .select_related("incarico__volontario", "incarico__opportunita")
            .order_by("incarico__volontario__cognome", "incarico__volontario__nome", "pk")
        )
        briciole: list[tuple[str, str | None]] = [(_("Volontariato"), None)]
        if Luogo.objects.gestibili_da(user).filter(pk=self.luogo.pk).exists():
            url_resoconto = reverse(
                "gestione:resoconto", kwargs={"slug": self.luogo.slug, "pk": self.occorrenza.pk}
            )
            briciole.append((_("Resoconto"), url_resoconto))
        else:
            briciole.append((_("Area tutor"), reverse("volontari:tutor")))
        briciole.append((_("Ore dei volontari iscritti"), None))
        return super().get_context_data(
            resoconto=self.resoconto,
            occorrenza=self.occorrenza,
            luogo=self.luogo,
            voci=voci,
            briciole=briciole,
            **kwargs,
        )
