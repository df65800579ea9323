"""News of a place in the management area: its community manager writes them.

The place is loaded among those the user manages (LuogoGestitoMixin: another
manager's place is a 404) and the news item among that place's (another place's
item is a 404); writes go through quartieri.services.novita.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from quartieri.forms.novita import NovitaForm
from quartieri.models import Novita
from quartieri.services import novita as services
from quartieri.views.gestione import LuogoGestitoMixin

SEZIONE = gettext_lazy("Novità")


class NovitaListView(LuogoGestitoMixin, ListView):
    """The news of a place, the ones still to be published included."""

    template_name = "quartieri/gestione/novita_lista.html"
    context_object_name = "elenco_novita"
    sezione = SEZIONE
    paginate_by = 50

    def get_queryset(self):
        return self.luogo.novita.order_by("-data_pubblicazione", "-pk")


class NovitaMixin(LuogoGestitoMixin):
    sezione = SEZIONE

    def get_novita(self) -> Novita:
        pk = self.kwargs.get("pk")
        if pk is None:
            return Novita(luogo=self.luogo)
        return get_object_or_404(self.luogo.novita.select_related("luogo"), pk=pk)

    def get_briciole(self) -> list[tuple[str, str | None]]:
        url_lista = reverse("gestione:novita_lista", kwargs={"slug": self.luogo.slug})
        return [*super().get_briciole()[:-1], (self.sezione, url_lista), (self.titolo, None)]


class NovitaFormView(NovitaMixin, TemplateView):
    """Write a news item of the place, or change one."""

    template_name = "quartieri/gestione/novita_form.html"

    def _form(self, data=None) -> NovitaForm:
        novita = self.get_novita()
        self.titolo = novita.titolo if novita.pk else _("Nuova novità")
        return NovitaForm(data, instance=novita)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.salva_novita(
                    novita=form.instance,
                    argomenti=form.cleaned_data["argomenti"],
                    utente=request.user,
                )
            except ValidationError as errore:
                form.add_error(None, errore)
            else:
                messages.success(request, _("La novità è stata salvata."))
                return redirect("gestione:novita_lista", slug=self.luogo.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(titolo=self.titolo, **kwargs)


class NovitaEliminaView(NovitaMixin, TemplateView):
    """Ask, then remove a news item."""

    template_name = "quartieri/gestione/novita_elimina.html"
    titolo = gettext_lazy("Elimina novità")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(novita=self.get_novita(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        novita = self.get_novita()
        services.elimina_novita(novita=novita, utente=request.user)
        messages.success(
            request, _("La novità «%(titolo)s» è stata eliminata.") % {"titolo": novita.titolo}
        )
        return redirect("gestione:novita_lista", slug=self.luogo.slug)
