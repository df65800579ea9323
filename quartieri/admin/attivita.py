"""Staff admin of activities, registrations, logs (with their history) and desk contacts."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from quartieri.models import Attivita, ContattoSportello, Iscrizione, Occorrenza, Resoconto
from quartieri.services import attivita as services_attivita


class OccorrenzaInline(admin.TabularInline):
    model = Occorrenza
    fields = ["inizio", "fine", "inizio_originale", "annullata", "motivo_annullamento"]
    readonly_fields = ["inizio_originale"]
    extra = 0
    show_change_link = True


class AttivitaAdminForm(forms.ModelForm):
    class Meta:
        model = Attivita
        fields = "__all__"  # noqa: DJ007 - the admin edits every field of the series

    def _post_clean(self) -> None:
        # The capacity rule reads the registrations, so it is not a model clean();
        # checked here, a capacity below them is a form error instead of a 500 in save_model.
        super()._post_clean()
        if self.instance.pk:
            try:
                services_attivita.controlla_capienza(self.instance)
            except ValidationError as errore:
                self._update_errors(errore)


@admin.register(Attivita)
class AttivitaAdmin(admin.ModelAdmin):
    form = AttivitaAdminForm
    list_display = ["titolo", "luogo", "tipo", "inizio", "settimanale", "pubblica"]
    list_filter = ["tipo", "pubblica", "settimanale", "iscrizione_richiesta"]
    search_fields = ["titolo", "luogo__nome"]
    list_select_related = ["luogo"]
    autocomplete_fields = ["luogo", "organizzatore"]
    date_hierarchy = "inizio"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [OccorrenzaInline]

    def save_model(self, request, obj, form, change) -> None:
        # The service lays the series' dates out again, as from the management area.
        services_attivita.salva_attivita(attivita=obj, utente=request.user)


@admin.register(Occorrenza)
class OccorrenzaAdmin(admin.ModelAdmin):
    list_display = ["attivita", "inizio", "fine", "annullata"]
    list_filter = ["annullata"]
    search_fields = ["attivita__titolo", "attivita__luogo__nome"]
    list_select_related = ["attivita"]
    autocomplete_fields = ["attivita"]
    date_hierarchy = "inizio"
    # Written by the move that the e-mails tell of, not by hand.
    readonly_fields = ["inizio_precedente", "fine_precedente"]


@admin.register(Iscrizione)
class IscrizioneAdmin(admin.ModelAdmin):
    list_display = ["occorrenza", "utente", "persone", "stato", "created_at"]
    list_filter = ["stato"]
    search_fields = ["occorrenza__attivita__titolo", "utente__email"]
    list_select_related = ["occorrenza__attivita", "utente"]
    autocomplete_fields = ["occorrenza"]
    raw_id_fields = ["utente"]
    readonly_fields = [
        "created_at",
        "annullata_il",
        "promossa_il",
        "conferma_inviata_il",
        "promozione_inviata_il",
        "promemoria_inviato_il",
    ]


@admin.register(Resoconto)
class ResocontoAdmin(SimpleHistoryAdmin):
    list_display = ["occorrenza", "partecipanti_totale", "ore_volontariato", "autore", "created_at"]
    search_fields = ["occorrenza__attivita__titolo", "occorrenza__attivita__luogo__nome"]
    list_select_related = ["occorrenza__attivita", "autore"]
    autocomplete_fields = ["occorrenza"]
    readonly_fields = ["autore", "created_at", "updated_at"]
    history_list_display = ["partecipanti_totale", "ore_volontariato", "note"]

    def save_model(self, request, obj, form, change) -> None:
        services_attivita.registra_resoconto(resoconto=obj, utente=request.user)


@admin.register(ContattoSportello)
class ContattoSportelloAdmin(admin.ModelAdmin):
    list_display = ["momento", "luogo", "servizio", "categoria", "durata", "lingua"]
    list_filter = ["durata", "lingua", "inviato_a_ufficio_comunale", "categoria"]
    search_fields = ["luogo__nome", "servizio__titolo"]
    list_select_related = ["luogo", "servizio", "categoria"]
    autocomplete_fields = ["luogo", "servizio"]
    date_hierarchy = "momento"
    readonly_fields = ["registrato_da", "created_at"]
