"""The modello Comuni's "scheda servizio" of a proximity service, and the services
filed under each of the modello's service categories."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from portal.cache_pagine import PaginaPubblicaInCacheMixin
from quartieri.models import CategoriaModello, EccezioneOrario, Servizio
from quartieri.orari import GIORNI_DA_CONTROLLARE, fasce_per_giorno, stato_servizio
from quartieri.views.pubbliche import PER_PAGINA, json_in_script


def _briciole_servizi(categoria: CategoriaModello) -> list[tuple[str, str | None]]:
    # The validator reads the service's category in the breadcrumb, right after "Servizi".
    return [
        (_("Servizi"), reverse("quartieri:servizi")),
        (categoria.label, reverse("quartieri:servizi_categoria", args=[categoria.value])),
    ]


class ServizioDetailView(PaginaPubblicaInCacheMixin, DetailView):
    """/servizi/<pk>/: a service's page, laid out as the modello Comuni's scheda servizio."""

    template_name = "quartieri/servizio.html"
    context_object_name = "servizio"

    def get_queryset(self) -> QuerySet[Servizio]:
        return (
            Servizio.objects.pubblicati()
            .select_related("categoria", "luogo__quartiere__comune", "luogo__gestore")
            .prefetch_related(
                "fasce_orarie",
                "luogo__fasce_orarie",
                Prefetch(
                    "luogo__eccezioni",
                    queryset=EccezioneOrario.objects.nel_periodo(
                        timezone.localdate(), GIORNI_DA_CONTROLLARE
                    ),
                ),
                "argomenti",
            )
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        servizio: Servizio = self.object
        categoria = CategoriaModello(servizio.categoria.categoria_modello)
        fasce = servizio.luogo.fasce_orarie.all() if servizio.usa_orari_luogo else None
        if fasce is None:
            fasce = servizio.fasce_orarie.all()
        context.update(
            categoria_modello=categoria,
            stato=stato_servizio(servizio, timezone.now()),
            settimana=fasce_per_giorno(fasce),
            json_ld=_json_ld(
                servizio, categoria, self.request.build_absolute_uri(servizio.get_absolute_url())
            ),
            briciole=[*_briciole_servizi(categoria), (servizio.titolo, None)],
        )
        return context


def _json_ld(servizio: Servizio, categoria: CategoriaModello, url: str) -> SafeString:
    """schema.org GovernmentService with the fields the modello's metatag check asks for."""
    luogo = servizio.luogo
    dati = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": servizio.titolo,
        "serviceType": str(categoria.label),
        "description": servizio.descrizione,
        "url": url,
        "provider": {"@type": "GovernmentOrganization", "name": settings.SITE_NAME},
        "serviceOperator": {
            "@type": "Organization",
            "name": luogo.gestore.nome if luogo.gestore else settings.SITE_NAME,
        },
        "areaServed": {"@type": "AdministrativeArea", "name": luogo.quartiere.comune.nome},
        "audience": {"@type": "Audience", "audienceType": str(servizio.get_pubblico_display())},
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": servizio.url_prenotazione or url,
            "serviceLocation": {
                "@type": "Place",
                "name": luogo.nome,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": luogo.indirizzo,
                    "postalCode": luogo.cap,
                    "addressLocality": luogo.quartiere.comune.nome,
                    "addressCountry": "IT",
                },
            },
        },
        "isAccessibleForFree": servizio.gratuito,
    }
    return json_in_script(dati)


class CategoriaModelloView(PaginaPubblicaInCacheMixin, ListView):
    """/servizi/categorie/<categoria>/: the services filed under one modello Comuni category."""

    template_name = "quartieri/servizi_categoria.html"
    context_object_name = "servizi"
    paginate_by = PER_PAGINA

    def get_queryset(self) -> QuerySet[Servizio]:
        try:
            self.categoria = CategoriaModello(self.kwargs["categoria"])
        except ValueError:
            raise Http404 from None
        return (
            Servizio.objects.pubblicati()
            .della_categoria_modello(self.categoria.value)
            .select_related("categoria", "luogo")
            .order_by("titolo", "luogo__nome", "pk")
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        briciole = _briciole_servizi(self.categoria)
        context.update(
            categoria=self.categoria,
            briciole=[briciole[0], (self.categoria.label, None)],
        )
        return context
