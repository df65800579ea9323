"""Staff admin of participation bodies, members, meetings, requests and yearly pacts."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartieri.models import Membro, Organismo, Patto, Richiesta, Riunione, SollecitoInviato
from quartieri.services import partecipazione as servizi


class MembroInline(admin.TabularInline):
    model = Membro
    fields = ["ruolo", "utente", "ente", "nome_pubblico", "dal", "al"]
    autocomplete_fields = ["utente", "ente"]
    extra = 0


class PattoInline(admin.StackedInline):
    model = Patto
    fields = ["anno", "obiettivi", "accordi", "progetti", "revisione", "revisionato_il"]
    autocomplete_fields = ["accordi", "progetti"]
    extra = 0


@admin.register(Organismo)
class OrganismoAdmin(admin.ModelAdmin):
    list_display = ["nome", "tipo", "modalita_adesione", "cadenza", "comune", "pubblicato"]
    list_filter = ["tipo", "modalita_adesione", "pubblicato", "comune", "ambiti"]
    search_fields = ["nome", "descrizione"]
    list_select_related = ["comune"]
    autocomplete_fields = ["comune", "ambiti", "quartieri", "luogo_abituale"]
    prepopulated_fields = {"slug": ["nome"]}
    inlines = [MembroInline, PattoInline]


@admin.register(Membro)
class MembroAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organismo", "ruolo", "nome_pubblico", "dal", "al"]
    list_filter = ["ruolo", "nome_pubblico", "organismo"]
    search_fields = ["organismo__nome", "ente__nome", "utente__email", "utente__last_name"]
    list_select_related = ["organismo", "ente", "utente"]
    autocomplete_fields = ["organismo", "ente", "utente"]


@admin.register(Riunione)
class RiunioneAdmin(admin.ModelAdmin):
    list_display = ["organismo", "inizio", "fine", "luogo", "partecipanti"]
    list_filter = ["organismo"]
    search_fields = ["organismo__nome", "ordine_del_giorno", "verbale", "decisioni"]
    list_select_related = ["organismo", "luogo"]
    autocomplete_fields = ["organismo", "luogo"]
    filter_horizontal = ["presenti"]
    date_hierarchy = "inizio"


class ScadutaFilter(admin.SimpleListFilter):
    title = _("in ritardo")
    parameter_name = "scaduta"

    def lookups(self, request, model_admin):
        return [("si", _("Sì, oltre la scadenza")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "si":
            return queryset.filter(scaduta=True)
        if self.value() == "no":
            return queryset.filter(scaduta=False)
        return queryset


@admin.register(Richiesta)
class RichiestaAdmin(admin.ModelAdmin):
    list_display = [
        "titolo",
        "organismo",
        "ufficio",
        "responsabile",
        "stato",
        "inviata_il",
        "scadenza",
        "scaduta",
    ]
    list_filter = [ScadutaFilter, "stato", "organismo", "ufficio"]
    search_fields = ["titolo", "testo", "organismo__nome"]
    list_select_related = ["organismo", "ufficio", "responsabile"]
    autocomplete_fields = ["organismo", "riunione", "ufficio", "responsabile"]
    readonly_fields = ["scadenza"]
    date_hierarchy = "inviata_il"
    actions = ["prendi_in_carico", "chiudi"]

    def get_queryset(self, request):
        # "scaduta" is computed in the database so the list can show, filter and sort by it.
        return super().get_queryset(request).con_tempi(timezone.localdate())

    @admin.display(description=_("in ritardo"), boolean=True, ordering="scaduta")
    def scaduta(self, obj: Richiesta) -> bool:
        return obj.scaduta

    def save_model(self, request, obj, form, change) -> None:
        # The service computes the due date from the sending date, as in the management area.
        servizi.registra_richiesta(richiesta=obj, utente=request.user)

    def _applica(self, request, queryset, servizio, fatto: str) -> None:
        riuscite = 0
        for richiesta in queryset:
            try:
                servizio(richiesta=richiesta, utente=request.user)
            except (ValidationError, PermissionDenied) as errore:
                self.message_user(request, f"{richiesta}: {errore}", messages.WARNING)
            else:
                riuscite += 1
        self.message_user(request, fatto % {"n": riuscite}, messages.SUCCESS)

    @admin.action(description=_("Prendi in carico le richieste selezionate"))
    def prendi_in_carico(self, request, queryset) -> None:
        self._applica(
            request, queryset, servizi.prendi_in_carico, _("Richieste prese in carico: %(n)d.")
        )

    @admin.action(description=_("Chiudi le richieste selezionate"))
    def chiudi(self, request, queryset) -> None:
        self._applica(request, queryset, servizi.chiudi, _("Richieste chiuse: %(n)d."))


@admin.register(Patto)
class PattoAdmin(admin.ModelAdmin):
    list_display = ["organismo", "anno", "revisionato_il"]
    list_filter = ["anno"]
    search_fields = ["organismo__nome", "obiettivi"]
    list_select_related = ["organismo"]
    autocomplete_fields = ["organismo", "accordi", "progetti"]


@admin.register(SollecitoInviato)
class SollecitoInviatoAdmin(admin.ModelAdmin):
    list_display = ["responsabile", "settimana", "richieste", "created_at"]
    list_select_related = ["responsabile"]
    date_hierarchy = "settimana"

    def has_add_permission(self, request) -> bool:
        # Written only by the weekly task: the table is its record of what was sent.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
