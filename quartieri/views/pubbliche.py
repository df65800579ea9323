"""Public pages: the list of places, a place's page, the service finder."""

from __future__ import annotations

import json

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal import versioni
from portal.cache_pagine import PaginaPubblicaInCacheMixin
from portal.paginazione import PaginatorConConteggioInCache
from portal.righe import ModuloFiltriInCacheMixin, chiave_riga
from quartieri.distanza import minuti_a_piedi
from quartieri.filters.luoghi import LuogoFilter, ServizioFilter
from quartieri.models import (
    EccezioneOrario,
    Luogo,
    Servizio,
)
from quartieri.models.luoghi import GIORNI
from quartieri.orari import stati_dei_luoghi, stati_dei_servizi, stato_apertura
from quartieri.schede import SchedaLuogo, pagina_del_luogo
from quartieri.versioni import LUOGHI_E_SERVIZI

PER_PAGINA = 20
SECONDI_CACHE_CONTEGGI = 60 * 60
GIORNI_SCHEMA_ORG = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def _querystring_senza_pagina(request) -> str:
    parametri = request.GET.copy()
    parametri.pop("page", None)
    return parametri.urlencode()


class PaginatorDeiLuoghi(PaginatorConConteggioInCache):
    gruppo = LUOGHI_E_SERVIZI


class LuogoListView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/case-di-quartiere/: published places, filtered, with their opening state."""

    filterset_class = LuogoFilter
    paginate_by = PER_PAGINA
    paginator_class = PaginatorDeiLuoghi
    template_name = "quartieri/luoghi.html"

    def get_queryset(self) -> QuerySet[Luogo]:
        return (
            Luogo.objects.pubblicati()
            .select_related("quartiere")
            # Only what a row prints and the map needs.
            .only(
                "nome",
                "slug",
                "tipo",
                "indirizzo",
                "lat",
                "lon",
                "coordinate_esatte",
                "quartiere__nome",
            )
            .order_by("nome", "pk")
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        adesso = timezone.now()
        luoghi = context["object_list"]
        # The opening state is computed only for this page's rows.
        stati = stati_dei_luoghi([luogo.pk for luogo in luoghi], adesso)
        righe = [
            {
                "luogo": luogo,
                "stato": stati[luogo.pk],
                "distanza": _distanza(luogo),
                "chiave": chiave_riga(
                    luogo.slug,
                    luogo.nome,
                    luogo.tipo,
                    luogo.quartiere.nome,
                    luogo.indirizzo,
                    stati[luogo.pk].aperto,
                    stati[luogo.pk].testo,
                ),
            }
            for luogo in luoghi
        ]
        filtro = context["filter"]
        context.update(
            righe=righe,
            origine=filtro.origine if filtro.is_bound and filtro.is_valid() else None,
            marcatori=[
                {
                    "nome": luogo.nome,
                    "url": luogo.get_absolute_url(),
                    "lat": luogo.lat,
                    "lon": luogo.lon,
                    "approssimate": not luogo.coordinate_esatte,
                }
                for luogo in luoghi
            ],
            querystring=_querystring_senza_pagina(self.request),
            briciole=[(_("Case di Quartiere"), None)],
        )
        return context


def _distanza(riga: Luogo | Servizio) -> str | None:
    """Km and walking minutes of a row sorted by distance (VicinoAMeFilterSet), else None.

    Printed outside the row's kept parts, which would otherwise never serve a second visitor.
    """
    km = getattr(riga, "distanza_km", None)
    if km is None:
        return None
    return _("%(km)s km · %(minuti)s min a piedi") % {
        # round + number_format: the same text as floatformat:1, in half the time.
        "km": formats.number_format(round(km, 1), 1),
        "minuti": minuti_a_piedi(km),
    }


class LuogoDetailView(PaginaPubblicaInCacheMixin, DetailView):
    """/case-di-quartiere/<slug>/: a place's page, laid out as the modello Comuni "Luogo"."""

    template_name = "quartieri/luogo.html"
    context_object_name = "luogo"

    def get_object(self, queryset: QuerySet[Luogo] | None = None) -> Luogo:
        self.adesso = timezone.now()
        pagina = pagina_del_luogo(self.kwargs["slug"], timezone.localdate(self.adesso))
        if pagina is None:
            raise Http404(
                _("No %(verbose_name)s found matching the query")
                % {"verbose_name": Luogo._meta.verbose_name}
            )
        self.scheda, self.parti = pagina
        return self.scheda.luogo

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        scheda = self.scheda
        luogo = scheda.luogo
        adesso = self.adesso
        oggi = timezone.localdate(adesso)
        stato = stato_apertura(scheda.fasce, scheda.eccezioni, adesso)
        context.update(
            parti=self.parti,
            stato=stato,
            settimana=[
                {
                    "nome": nome,
                    "fasce": sorted((f.apre, f.chiude) for f in scheda.fasce if f.giorno == giorno),
                    "oggi": giorno == oggi.weekday(),
                }
                for giorno, nome in GIORNI
            ],
            eccezioni=scheda.eccezioni,
            servizi=[
                (
                    scheda_servizio,
                    # A service on its place's hours has the place's state (orari.stato_servizio).
                    stato
                    if servizio.usa_orari_luogo
                    else stato_apertura(fasce, scheda.eccezioni, adesso),
                )
                for scheda_servizio, (servizio, fasce) in zip(
                    self.parti["servizi"], scheda.servizi, strict=True
                )
            ],
            json_ld=_json_ld(scheda, self.request.build_absolute_uri(luogo.get_absolute_url())),
            briciole=[
                (_("Case di Quartiere"), reverse("quartieri:luoghi")),
                (luogo.nome, None),
            ],
        )
        return context


def _json_ld(scheda: SchedaLuogo, url: str) -> SafeString:
    """schema.org CivicStructure with address, geo and opening hours, safe inside <script>."""
    luogo = scheda.luogo
    specifiche = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{GIORNI_SCHEMA_ORG[f.giorno]}",
            "opens": f"{f.apre:%H:%M}",
            "closes": f"{f.chiude:%H:%M}",
        }
        for f in scheda.fasce
    ]
    for eccezione in scheda.eccezioni:
        # schema.org: a closure is opens = closes = 00:00 over the validity dates.
        chiusa = eccezione.tipo == EccezioneOrario.Tipo.CHIUSURA
        specifiche.append(
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": eccezione.data_inizio.isoformat(),
                "validThrough": eccezione.data_fine.isoformat(),
                "opens": "00:00" if chiusa else f"{eccezione.apre:%H:%M}",
                "closes": "00:00" if chiusa else f"{eccezione.chiude:%H:%M}",
            }
        )
    dati = {
        "@context": "https://schema.org",
        "@type": "CivicStructure",
        "name": luogo.nome,
        "url": url,
        "description": luogo.descrizione,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": luogo.indirizzo,
            "postalCode": luogo.cap,
            "addressLocality": luogo.quartiere.comune.nome,
            "addressCountry": "IT",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": luogo.lat, "longitude": luogo.lon},
        "openingHoursSpecification": specifiche,
    }
    if luogo.telefono:
        dati["telephone"] = luogo.telefono
    if luogo.email:
        dati["email"] = luogo.email
    return json_in_script(dati)


def json_in_script(dati: dict) -> SafeString:
    """`dati` as JSON safe inside a <script type="application/ld+json"> element."""
    testo = json.dumps(dati, ensure_ascii=False)
    # Inside <script> a "</script>" in a description would end the element: escape < > &.
    testo = testo.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(testo)  # noqa: S308 - escaped above


class PaginatorDeiServizi(PaginatorDeiLuoghi):
    """Finds the page's primary keys in their own query, then reads the page's full rows.

    Sorting all services with their place, quartiere and category attached (over
    10,000 rows) costs several times sorting their keys; the outer query orders
    the page's rows again the same way, ties broken by pk. Sorted by distance from
    `origine`, the keys come from `chiavi_per_distanza`, which reads only the
    nearest places' services.
    """

    def __init__(self, *args, origine: tuple[float, float] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.origine = origine

    def page(self, number) -> Page:
        # Django's Paginator.page, with the keys found as above.
        number = self.validate_number(number)
        da = (number - 1) * self.per_page
        a = da + self.per_page
        if a + self.orphans >= self.count:
            a = self.count
        if self.origine is None:
            chiavi = self.object_list[da:a].values("pk")
        else:
            chiavi = self.object_list.chiavi_per_distanza(*self.origine, da, a)
        return self._get_page(self.object_list.filter(pk__in=chiavi), number, self)


class ServiziView(PaginaPubblicaInCacheMixin, ModuloFiltriInCacheMixin, FilterView):
    """/servizi/: the service finder, sorted by distance from the user or a quartiere."""

    filterset_class = ServizioFilter
    paginate_by = PER_PAGINA
    paginator_class = PaginatorDeiServizi
    template_name = "quartieri/servizi.html"

    def get_queryset(self) -> QuerySet[Servizio]:
        return (
            Servizio.objects.pubblicati()
            .select_related("categoria", "luogo")
            # Only what a row prints and its opening state needs: the page query joins
            # every place, and their long texts would make that join several times wider.
            .only(
                "titolo",
                "usa_orari_luogo",
                "prenotazione",
                "gratuito",
                "costo",
                "pubblico",
                "categoria__nome",
                "luogo__nome",
                "luogo__slug",
                "luogo__indirizzo",
                "luogo__coordinate_esatte",
            )
        )

    def get_paginator(self, queryset, per_page, **kwargs) -> PaginatorDeiServizi:
        return super().get_paginator(queryset, per_page, origine=self.filterset.origine, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        adesso = timezone.now()
        servizi = list(context["object_list"])
        stati = stati_dei_servizi(servizi, adesso)
        righe = [
            {
                "servizio": servizio,
                "stato": stati[servizio.pk],
                "distanza": _distanza(servizio),
                "chiave": chiave_riga(
                    servizio.pk,
                    servizio.titolo,
                    servizio.categoria.nome,
                    servizio.luogo.slug,
                    servizio.luogo.nome,
                    servizio.luogo.indirizzo,
                    servizio.prenotazione,
                    servizio.gratuito,
                    servizio.costo,
                    servizio.pubblico,
                    stati[servizio.pk].aperto,
                    stati[servizio.pk].testo,
                ),
            }
            for servizio in servizi
        ]
        filtro = context["filter"]
        context.update(
            righe=righe,
            origine=filtro.origine if filtro.is_bound and filtro.is_valid() else None,
            querystring=_querystring_senza_pagina(self.request),
            # The same for every visitor: counted again only when places or services change.
            categorie_modello=versioni.in_cache(
                LUOGHI_E_SERVIZI,
                "categorie-modello",
                Servizio.objects.pubblicati().per_categoria_modello,
                SECONDI_CACHE_CONTEGGI,
            ),
            briciole=[(_("Servizi di prossimità"), None)],
        )
        return context
