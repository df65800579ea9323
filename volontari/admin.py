"""Admin of the volontari app: staff keep opportunities, policies, profiles and the ledger.

Approved ledger entries are read-only here as everywhere: a correction is a
new entry (D.Lgs. 117/2017 asks for an unalterable register).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from volontari import services
from volontari.models import (
    Cancellazione,
    Candidatura,
    Incarico,
    Opportunita,
    OreVolontariato,
    Polizza,
    Volontario,
)


@admin.register(Opportunita)
class OpportunitaAdmin(admin.ModelAdmin):
    list_display = ["titolo", "tipo", "servizio_comunale", "luogo", "posti", "aperta"]
    list_filter = ["tipo", "servizio_comunale", "aperta", "quartiere"]
    list_select_related = ["luogo"]
    search_fields = ["titolo", "descrizione"]
    prepopulated_fields = {"slug": ["titolo"]}
    autocomplete_fields = ["progetto", "luogo", "quartiere", "tutor"]


@admin.register(Polizza)
class PolizzaAdmin(admin.ModelAdmin):
    list_display = ["compagnia", "numero", "copertura_dal", "copertura_al", "tutte_le_opportunita"]
    list_filter = ["tutte_le_opportunita"]
    search_fields = ["compagnia", "numero"]
    filter_horizontal = ["opportunita"]


@admin.register(Volontario)
class VolontarioAdmin(admin.ModelAdmin):
    list_display = ["cognome", "nome", "quartiere", "occasionale", "created_at"]
    list_filter = ["occasionale", "consenso_foto", "quartiere"]
    list_select_related = ["quartiere"]
    search_fields = ["cognome", "nome", "codice_fiscale", "user__email"]
    autocomplete_fields = ["user", "quartiere"]
    readonly_fields = ["consenso_privacy_il", "anonimizzato_il", "created_at"]


@admin.register(Candidatura)
class CandidaturaAdmin(admin.ModelAdmin):
    list_display = ["volontario", "opportunita", "stato", "created_at", "decisa_il"]
    list_filter = ["stato", "opportunita"]
    list_select_related = ["volontario", "opportunita"]
    search_fields = ["volontario__cognome", "volontario__nome", "opportunita__titolo"]
    autocomplete_fields = ["volontario", "opportunita", "decisa_da"]
    readonly_fields = ["avviso_tutor_inviato_il", "esito_inviato_il"]


@admin.register(Incarico)
class IncaricoAdmin(admin.ModelAdmin):
    list_display = ["volontario", "opportunita", "data_inizio", "data_fine"]
    list_filter = ["opportunita", "data_fine"]
    list_select_related = ["volontario", "opportunita"]
    search_fields = ["volontario__cognome", "volontario__nome", "opportunita__titolo"]
    autocomplete_fields = ["volontario", "opportunita", "candidatura"]
    date_hierarchy = "data_inizio"

    def get_readonly_fields(self, request, obj=None):
        # Approved hours stay with their volunteer and opportunity (the database refuses
        # the move too: volontari migration 0005).
        if obj is not None and obj.ore.approvate().exists():
            return ["volontario", "opportunita"]
        return []


@admin.register(OreVolontariato)
class OreVolontariatoAdmin(admin.ModelAdmin):
    list_display = ["data", "volontario", "opportunita", "ore", "stato", "corregge"]
    list_filter = ["stato", "incarico__opportunita"]
    list_select_related = ["incarico__volontario", "incarico__opportunita", "corregge"]
    search_fields = ["incarico__volontario__cognome", "incarico__opportunita__titolo"]
    autocomplete_fields = ["incarico", "corregge", "resoconto", "inserita_da"]
    readonly_fields = ["motivo_rifiuto", "approvata_da", "approvata_il", "created_at"]
    date_hierarchy = "data"
    actions = ["approva"]
    # Counting a million rows on every page is slower than the page itself.
    show_full_result_count = False

    @admin.display(description=_("volontario"), ordering="incarico__volontario__cognome")
    def volontario(self, voce: OreVolontariato):
        return voce.incarico.volontario

    @admin.display(description=_("opportunità"))
    def opportunita(self, voce: OreVolontariato):
        return voce.incarico.opportunita

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The state changes only through the services (the action below, the tutors'
        # queue), which date the decision and refuse one's own hours. Disabled rather
        # than read-only: the field stays in the form, so the one-entry-a-day constraint,
        # whose condition reads it, is still checked there instead of failing in the database.
        if "stato" in form.base_fields:
            form.base_fields["stato"].disabled = True
        return form

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.stato != OreVolontariato.Stato.IN_ATTESA:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.stato == OreVolontariato.Stato.APPROVATA:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete would reach approved entries: corrections are the only way.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Approva le registrazioni scelte"))
    def approva(self, request, queryset) -> None:
        try:
            numero = services.approva_ore(
                voci=queryset.values_list("pk", flat=True), utente=request.user
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, _("Registrazioni approvate: %d.") % numero)


@admin.register(Cancellazione)
class CancellazioneAdmin(admin.ModelAdmin):
    """Staff see that and when each erasure was done; the record itself never changes."""

    list_display = ["eseguita_il", "account", "eseguita_da", "dall_interessato", "ore_ritirate"]
    list_select_related = ["account", "eseguita_da"]
    date_hierarchy = "eseguita_il"

    @admin.display(description=_("dall'interessato"), boolean=True)
    def dall_interessato(self, cancellazione: Cancellazione) -> bool:
        return cancellazione.dall_interessato

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
