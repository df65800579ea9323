"""Staff admin of news: the Comune's and any place's."""

from __future__ import annotations

from django.contrib import admin

from quartieri.models import Novita
from quartieri.services import novita as services


@admin.register(Novita)
class NovitaAdmin(admin.ModelAdmin):
    list_display = ["titolo", "tipo", "luogo", "data_pubblicazione", "autore"]
    list_filter = ["tipo", "data_pubblicazione", "argomenti"]
    search_fields = ["titolo", "sommario", "testo", "luogo__nome"]
    list_select_related = ["luogo", "autore"]
    autocomplete_fields = ["luogo"]
    filter_horizontal = ["argomenti"]
    date_hierarchy = "data_pubblicazione"
    readonly_fields = ["autore", "created_at", "updated_at"]
    fields = [
        "tipo",
        "titolo",
        "sommario",
        "testo",
        "luogo",
        "data_pubblicazione",
        "argomenti",
        "autore",
        "created_at",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change) -> None:
        # The topics follow in save_related, from the form.
        services.salva_novita(novita=obj, utente=request.user)

    def delete_model(self, request, obj) -> None:
        services.elimina_novita(novita=obj, utente=request.user)
