"""FAQ and disservice reports in the admin: staff write the questions, and handle
each report with a state and a reply e-mailed to the reporter."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from quartieri.models import Faq, GruppoFaq, Segnalazione
from quartieri.services.assistenza import rispondi_segnalazione


class FaqInline(admin.StackedInline):
    model = Faq
    extra = 1
    fields = ["domanda", "risposta", "ordine", "pubblicata"]


@admin.register(GruppoFaq)
class GruppoFaqAdmin(admin.ModelAdmin):
    list_display = ["nome", "ordine", "numero_domande"]
    list_editable = ["ordine"]
    search_fields = ["nome"]
    inlines = [FaqInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_numero_domande=Count("faq"))

    @admin.display(description=_("domande"), ordering="_numero_domande")
    def numero_domande(self, obj: GruppoFaq) -> int:
        return obj._numero_domande


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    list_display = ["domanda", "gruppo", "ordine", "pubblicata", "updated_at"]
    list_editable = ["ordine", "pubblicata"]
    list_filter = ["gruppo", "pubblicata"]
    search_fields = ["domanda", "risposta"]
    list_select_related = ["gruppo"]


@admin.register(Segnalazione)
class SegnalazioneAdmin(admin.ModelAdmin):
    """Reports come from the public form only; staff set the state and write the reply."""

    list_display = ["riferimento", "oggetto", "categoria", "luogo", "stato", "created_at"]
    list_filter = ["stato", "categoria", "luogo__quartiere__ambito"]
    search_fields = ["oggetto", "descrizione", "indirizzo", "luogo__nome"]
    list_select_related = ["luogo"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "riferimento",
        "created_at",
        "categoria",
        "luogo",
        "indirizzo",
        "oggetto",
        "descrizione",
        "foto",
        "email",
        "conferma_inviata_il",
        "risposta_inviata_il",
    ]
    fieldsets = (
        (
            _("Segnalazione"),
            {
                "fields": (
                    "riferimento",
                    "created_at",
                    "categoria",
                    "luogo",
                    "indirizzo",
                    "oggetto",
                    "descrizione",
                    "foto",
                )
            },
        ),
        (_("Contatto del cittadino"), {"fields": ("email", "conferma_inviata_il")}),
        (
            _("Gestione"),
            {
                "fields": ("stato", "risposta", "risposta_inviata_il"),
                "description": _(
                    "Una risposta nuova o modificata viene inviata per e-mail a chi ha "
                    "lasciato il proprio indirizzo."
                ),
            },
        ),
    )

    @admin.display(description=_("numero"), ordering="pk")
    def riferimento(self, obj: Segnalazione) -> str:
        return obj.riferimento

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj: Segnalazione, form, change: bool) -> None:
        rispondi_segnalazione(
            segnalazione=Segnalazione.objects.get(pk=obj.pk),
            stato=obj.stato,
            risposta=obj.risposta,
            utente=request.user,
        )
