"""The registry of territory, organisations, places and services, kept by council staff."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.ruoli import GRUPPO_COMMUNITY_MANAGER
from quartieri.forms.luoghi import (
    CAMPI_SCHEDA_SERVIZIO,
    FasceSenzaSovrapposizioniFormSet,
    ServizioForm,
)
from quartieri.models import (
    AmbitoTerritoriale,
    CategoriaServizio,
    Comune,
    EccezioneOrario,
    Ente,
    FasciaOraria,
    FasciaOrariaServizio,
    Luogo,
    Quartiere,
    Servizio,
    Settore,
)

# Django 6 makes https the default scheme of typed-in addresses; say so already.
URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Comune)
class ComuneAdmin(admin.ModelAdmin):
    list_display = ["nome", "codice_istat", "lat", "lon"]
    search_fields = ["nome", "codice_istat"]
    prepopulated_fields = {"slug": ["nome"]}


@admin.register(AmbitoTerritoriale)
class AmbitoTerritorialeAdmin(admin.ModelAdmin):
    list_display = ["codice", "nome", "comune", "numero_quartieri"]
    list_filter = ["comune"]
    search_fields = ["nome", "codice"]
    list_select_related = ["comune"]
    autocomplete_fields = ["comune"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_numero_quartieri=Count("quartieri"))

    @admin.display(description=_("quartieri"), ordering="_numero_quartieri")
    def numero_quartieri(self, obj: AmbitoTerritoriale) -> int:
        return obj._numero_quartieri


@admin.register(Quartiere)
class QuartiereAdmin(admin.ModelAdmin):
    list_display = ["nome", "tipo", "ambito", "comune", "fonte_coordinate"]
    list_filter = ["comune", "ambito", "tipo"]
    search_fields = ["nome"]
    list_select_related = ["comune", "ambito"]
    autocomplete_fields = ["comune", "ambito"]
    prepopulated_fields = {"slug": ["nome"]}


@admin.register(Settore)
class SettoreAdmin(admin.ModelAdmin):
    list_display = ["nome", "slug"]
    search_fields = ["nome"]
    prepopulated_fields = {"slug": ["nome"]}


@admin.register(Ente)
class EnteAdmin(admin.ModelAdmin):
    list_display = ["nome", "forma_giuridica", "codice_fiscale", "sezione_runts", "comune"]
    list_filter = ["comune", "forma_giuridica", "sezione_runts", "contatti_pubblici", "settori"]
    search_fields = ["nome", "codice_fiscale"]
    list_select_related = ["comune"]
    formfield_overrides = URL_HTTPS
    autocomplete_fields = ["comune", "quartiere", "settori"]
    prepopulated_fields = {"slug": ["nome"]}
    fieldsets = (
        (None, {"fields": ("nome", "slug", "forma_giuridica", "codice_fiscale", "comune")}),
        (_("Terzo settore"), {"fields": ("sezione_runts", "numero_runts", "settori")}),
        (_("Descrizione"), {"fields": ("quartiere", "descrizione")}),
        (
            _("Contatti"),
            {"fields": ("contatti_pubblici", "email", "telefono", "sito")},
        ),
    )


class FasciaOrariaInline(admin.TabularInline):
    model = FasciaOraria
    formset = FasceSenzaSovrapposizioniFormSet
    extra = 1


class EccezioneOrarioInline(admin.TabularInline):
    model = EccezioneOrario
    extra = 0
    fields = ["tipo", "data_inizio", "data_fine", "apre", "chiude", "motivo"]


class ServizioInline(admin.TabularInline):
    model = Servizio
    form = ServizioForm
    extra = 0
    fields = ["categoria", "titolo", "gratuito", "costo", "prenotazione", "pubblico", "pubblicato"]
    autocomplete_fields = ["categoria"]
    show_change_link = True


@admin.register(Luogo)
class LuogoAdmin(admin.ModelAdmin):
    list_display = [
        "nome",
        "tipo",
        "quartiere",
        "gestore",
        "pubblicato",
        "orari_di_esempio",
        "coordinate_esatte",
        "convenzione_fine",
    ]
    list_filter = [
        "tipo",
        "pubblicato",
        "orari_di_esempio",
        "coordinate_esatte",
        "quartiere__comune",
        "quartiere__ambito",
    ]
    search_fields = ["nome", "indirizzo", "gestore__nome"]
    list_select_related = ["quartiere", "gestore"]
    autocomplete_fields = ["quartiere", "gestore"]
    filter_horizontal = ["community_manager", "argomenti"]
    formfield_overrides = URL_HTTPS
    prepopulated_fields = {"slug": ["nome"]}
    readonly_fields = ["mappa_osm", "updated_at"]
    inlines = [FasciaOrariaInline, EccezioneOrarioInline, ServizioInline]
    fieldsets = (
        (None, {"fields": ("nome", "slug", "tipo", "pubblicato")}),
        (
            _("Posizione"),
            {
                "fields": (
                    "quartiere",
                    "indirizzo",
                    "cap",
                    "lat",
                    "lon",
                    "coordinate_esatte",
                    "mappa_osm",
                ),
                "description": _(
                    "Latitudine e longitudine in gradi decimali (WGS84), col punto: per esempio "
                    "44.6983 e 10.6312. Se non si conosce il punto esatto, usare il centro del "
                    "quartiere e lasciare «coordinate esatte» senza spunta."
                ),
            },
        ),
        (
            _("Gestione"),
            {
                "fields": (
                    "gestore",
                    "convenzione_inizio",
                    "convenzione_fine",
                    "community_manager",
                )
            },
        ),
        (
            _("Pagina pubblica"),
            {
                "fields": (
                    "descrizione",
                    "foto",
                    "foto_descrizione",
                    "telefono",
                    "email",
                    "sito",
                    "argomenti",
                )
            },
        ),
        (
            _("Accesso e accessibilità"),
            {
                "fields": (
                    "tessera",
                    "ingresso_senza_gradini",
                    "bagno_accessibile",
                    "anello_induttivo",
                    "parcheggio_disabili",
                    "note_accessibilita",
                )
            },
        ),
        (_("Orari"), {"fields": ("orari_di_esempio", "updated_at")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "community_manager":
            # Only people in the "Community manager" group can be assigned to a place.
            kwargs["queryset"] = get_user_model().objects.filter(
                groups__name=GRUPPO_COMMUNITY_MANAGER
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    class Media:
        # The map picker over the lat/lon inputs (progressive enhancement: typing still works).
        css = {"all": ("vendor/leaflet/leaflet.css", "css/scegli-punto.css")}
        js = ("vendor/leaflet/leaflet.js", "js/scegli-punto.js")

    def save_model(self, request, obj, form, change) -> None:
        # Coordinates changed (typed or picked on the map) are the building's: no longer the
        # neighbourhood's centre, unless staff untick the flag in the same save. A new
        # place keeps the flag as ticked: its first point may be the centre on purpose.
        cambiate = {"lat", "lon"} & set(form.changed_data)
        if change and cambiate and "coordinate_esatte" not in form.changed_data:
            obj.coordinate_esatte = True
        super().save_model(request, obj, form, change)

    @admin.display(description=_("punto sulla mappa"))
    def mappa_osm(self, obj: Luogo) -> str:
        # The picker starts from the place's point, or for a new place the first comune's centre.
        centro = obj if obj.pk is not None else Comune.objects.order_by("pk").first()
        selettore = render_to_string(
            "quartieri/_scegli_punto.html",
            {
                "campo_lat": "id_lat",
                "campo_lon": "id_lon",
                "campo_esatte": "id_coordinate_esatte",
                "lat_iniziale": centro.lat if centro else 0,
                "lon_iniziale": centro.lon if centro else 0,
            },
        )
        if obj.pk is None:
            return format_html(
                "{}{}", selettore, _("Salva il luogo per vedere il punto sulla mappa.")
            )
        return format_html(
            '{selettore}<a href="https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}'
            '#map=18/{lat}/{lon}" target="_blank" rel="noopener">{testo}</a> ({lat}, {lon})',
            selettore=selettore,
            lat=f"{obj.lat:.6f}",
            lon=f"{obj.lon:.6f}",
            testo=_("Vedi il punto su OpenStreetMap (si apre in una nuova scheda)"),
        )


@admin.register(FasciaOraria)
class FasciaOrariaAdmin(admin.ModelAdmin):
    list_display = ["luogo", "giorno", "apre", "chiude"]
    list_filter = ["giorno", "luogo__orari_di_esempio"]
    search_fields = ["luogo__nome"]
    list_select_related = ["luogo"]
    autocomplete_fields = ["luogo"]


@admin.register(EccezioneOrario)
class EccezioneOrarioAdmin(admin.ModelAdmin):
    list_display = ["luogo", "tipo", "data_inizio", "data_fine", "apre", "chiude", "motivo"]
    list_filter = ["tipo", "data_inizio"]
    search_fields = ["luogo__nome", "motivo"]
    list_select_related = ["luogo"]
    autocomplete_fields = ["luogo"]
    date_hierarchy = "data_inizio"


@admin.register(CategoriaServizio)
class CategoriaServizioAdmin(admin.ModelAdmin):
    list_display = ["nome", "categoria_modello", "ordine", "icona", "numero_servizi"]
    list_editable = ["ordine"]
    list_filter = ["categoria_modello"]
    search_fields = ["nome"]
    prepopulated_fields = {"slug": ["nome"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_numero_servizi=Count("servizi"))

    @admin.display(description=_("servizi"), ordering="_numero_servizi")
    def numero_servizi(self, obj: CategoriaServizio) -> int:
        return obj._numero_servizi


class FasciaOrariaServizioInline(admin.TabularInline):
    model = FasciaOrariaServizio
    formset = FasceSenzaSovrapposizioniFormSet
    extra = 1


@admin.register(Servizio)
class ServizioAdmin(admin.ModelAdmin):
    form = ServizioForm
    list_display = [
        "titolo",
        "luogo",
        "categoria",
        "pubblico",
        "gratuito",
        "prenotazione",
        "usa_orari_luogo",
        "pubblicato",
    ]
    list_filter = [
        "categoria",
        "pubblico",
        "gratuito",
        "prenotazione",
        "usa_orari_luogo",
        "pubblicato",
        "luogo__quartiere__ambito",
    ]
    search_fields = ["titolo", "descrizione", "luogo__nome"]
    list_select_related = ["luogo", "categoria"]
    autocomplete_fields = ["luogo", "categoria"]
    fields = [
        "luogo",
        "categoria",
        "titolo",
        "descrizione",
        "pubblico",
        "prenotazione",
        "gratuito",
        "costo",
        "usa_orari_luogo",
        "pubblicato",
        *CAMPI_SCHEDA_SERVIZIO,
        "argomenti",
    ]
    inlines = [FasciaOrariaServizioInline]


@admin.register(FasciaOrariaServizio)
class FasciaOrariaServizioAdmin(admin.ModelAdmin):
    list_display = ["servizio", "giorno", "apre", "chiude"]
    list_filter = ["giorno"]
    search_fields = ["servizio__titolo", "servizio__luogo__nome"]
    list_select_related = ["servizio"]
    autocomplete_fields = ["servizio"]
