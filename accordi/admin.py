"""Council staff keep agreements, projects and the registry here; actions call the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, UniqueConstraint
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accordi import services
from accordi.forms import AccordoForm, RespingiIscrizioneForm, TransizioneForm
from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Firmatario,
    IncontroLaboratorio,
    Indicatore,
    IscrizioneRegistro,
    Progetto,
    StatoAccordo,
    Tema,
    TransizioneAccordo,
    ValoreIndicatore,
)


def _errori(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc)
    return " ".join(exc.messages)


@admin.register(Tema)
class TemaAdmin(admin.ModelAdmin):
    list_display = ["nome", "slug"]
    search_fields = ["nome"]
    prepopulated_fields = {"slug": ["nome"]}


class IncontroLaboratorioInline(admin.TabularInline):
    model = IncontroLaboratorio
    extra = 0
    fields = ["data", "luogo", "luogo_testo", "partecipanti", "note"]
    autocomplete_fields = ["luogo"]


class FirmatariFormSet(BaseInlineFormSet):
    """The duplicate-signatory message of the model, also across the rows of the inline."""

    def get_unique_error_message(self, unique_check) -> str:
        vincoli = {
            tuple(v.fields): v.violation_error_message
            for v in Firmatario._meta.constraints
            if isinstance(v, UniqueConstraint)
        }
        return str(
            vincoli.get(tuple(unique_check)) or super().get_unique_error_message(unique_check)
        )


class FirmatarioInline(admin.TabularInline):
    model = Firmatario
    formset = FirmatariFormSet
    extra = 0
    fields = [
        "tipo",
        "ente",
        "utente",
        "nome_cittadino",
        "consenso_pubblicazione",
        "ruolo",
        "data_firma",
        "referente",
    ]
    autocomplete_fields = ["ente", "utente", "referente"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("ente", "utente", "referente")


class ProgettoInline(admin.TabularInline):
    model = Progetto
    extra = 0
    fields = ["titolo", "famiglia", "tema", "stato", "budget_comune"]
    show_change_link = True


class TransizioneInline(admin.TabularInline):
    """The lifecycle so far: read-only, written only by services.avanza_accordo."""

    model = TransizioneAccordo
    extra = 0
    fields = ["momento", "da", "a", "utente", "motivo"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("utente")


@admin.register(Accordo)
class AccordoAdmin(SimpleHistoryAdmin):
    form = AccordoForm
    list_display = ["codice", "titolo", "stato", "comune", "ambito", "data_inizio", "data_fine"]
    list_filter = ["stato", "comune", "ambito", "temi", "data_inizio"]
    list_select_related = ["comune", "ambito"]
    search_fields = ["codice", "titolo", "descrizione"]
    prepopulated_fields = {"slug": ["titolo"]}
    autocomplete_fields = [
        "comune",
        "ambito",
        "quartieri",
        "temi",
        "architetto_di_quartiere",
        "rinnova",
    ]
    filter_horizontal = ["argomenti"]
    readonly_fields = ["stato", "ciclo_di_vita"]
    date_hierarchy = "data_inizio"
    fieldsets = (
        (None, {"fields": ("codice", "titolo", "slug", "descrizione", "temi", "argomenti")}),
        (_("Territorio"), {"fields": ("comune", "ambito", "quartieri")}),
        (
            _("Ciclo di vita"),
            {
                "fields": (
                    "stato",
                    "ciclo_di_vita",
                    "architetto_di_quartiere",
                    "data_inizio",
                    "data_fine",
                    "rinnova",
                    "documento_firmato",
                )
            },
        ),
    )
    inlines = [IncontroLaboratorioInline, FirmatarioInline, ProgettoInline, TransizioneInline]
    actions = ["cambia_stato"]

    @admin.display(description=_("prossimi passi"))
    def ciclo_di_vita(self, obj: Accordo) -> str:
        if not obj.pk:
            return _("Un nuovo accordo parte dall'ascolto.")
        if not obj.stati_successivi:
            return _("Lo stato è definitivo.")
        return format_html(
            '{} <a href="{}">{}</a>',
            ", ".join(str(s.label) for s in obj.stati_successivi),
            reverse("accordi:staff_accordo", kwargs={"slug": obj.slug}),
            _("Cambia stato"),
        )

    @admin.action(
        description=_("Cambia lo stato degli accordi selezionati"), permissions=["change"]
    )
    def cambia_stato(self, request: HttpRequest, queryset: QuerySet):
        accordi = list(queryset.order_by("titolo"))
        possibili = {s for a in accordi for s in a.stati_successivi}
        stati = [s for s in StatoAccordo if s in possibili]
        if "applica" in request.POST:
            form = TransizioneForm(request.POST, stati=stati)
            if form.is_valid():
                riusciti = 0
                for accordo in accordi:
                    try:
                        services.avanza_accordo(
                            accordo=accordo,
                            nuovo_stato=form.cleaned_data["nuovo_stato"],
                            utente=request.user,
                            motivo=form.cleaned_data["motivo"],
                        )
                        riusciti += 1
                    except (ValidationError, PermissionDenied) as exc:
                        self.message_user(request, f"{accordo}: {_errori(exc)}", messages.ERROR)
                if riusciti:
                    self.message_user(
                        request,
                        ngettext(
                            "Stato cambiato per %(n)d accordo.",
                            "Stato cambiato per %(n)d accordi.",
                            riusciti,
                        )
                        % {"n": riusciti},
                        messages.SUCCESS,
                    )
                return None
        else:
            form = TransizioneForm(stati=stati)
        return TemplateResponse(
            request,
            "admin/accordi/azione_con_modulo.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Cambia lo stato degli accordi"),
                "opts": self.model._meta,
                "oggetti": accordi,
                "form": form,
                "azione": "cambia_stato",
                "selezionati": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )


@admin.register(TransizioneAccordo)
class TransizioneAccordoAdmin(admin.ModelAdmin):
    """The lifecycle log: nobody writes it by hand."""

    list_display = ["accordo", "da", "a", "utente", "momento"]
    list_filter = ["a", "momento"]
    list_select_related = ["accordo", "utente"]
    search_fields = ["accordo__titolo", "accordo__codice", "motivo"]
    date_hierarchy = "momento"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Firmatario)
class FirmatarioAdmin(admin.ModelAdmin):
    list_display = ["__str__", "accordo", "tipo", "ruolo", "data_firma", "consenso_pubblicazione"]
    list_filter = ["tipo", "ruolo", "consenso_pubblicazione"]
    list_select_related = ["accordo", "ente", "utente"]
    search_fields = ["ente__nome", "nome_cittadino", "utente__email", "accordo__titolo"]
    autocomplete_fields = ["accordo", "ente", "utente", "referente"]


class IndicatoreInline(admin.TabularInline):
    model = Indicatore
    extra = 0


class AggiornamentoInline(admin.StackedInline):
    model = AggiornamentoProgetto
    extra = 0
    fields = ["data", "testo", "abitanti_raggiunti", "ore_collaborazione", "autore"]
    autocomplete_fields = ["autore"]
    show_change_link = True


@admin.register(Progetto)
class ProgettoAdmin(admin.ModelAdmin):
    list_display = ["titolo", "accordo", "famiglia", "tema", "stato", "budget_comune"]
    list_filter = ["famiglia", "stato", "tema", "accordo__stato"]
    list_select_related = ["accordo", "tema"]
    search_fields = ["titolo", "descrizione", "accordo__titolo", "accordo__codice"]
    autocomplete_fields = ["accordo", "tema", "luogo", "partner"]
    inlines = [IndicatoreInline, AggiornamentoInline]


class ValoreIndicatoreInline(admin.TabularInline):
    model = ValoreIndicatore
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the indicators of the update's own project.
        if db_field.name == "indicatore" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Indicatore.objects.filter(
                progetto__aggiornamenti=request.resolver_match.kwargs["object_id"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AggiornamentoProgetto)
class AggiornamentoProgettoAdmin(admin.ModelAdmin):
    list_display = ["progetto", "data", "abitanti_raggiunti", "ore_collaborazione", "autore"]
    list_filter = ["data"]
    list_select_related = ["progetto", "autore"]
    search_fields = ["progetto__titolo", "testo"]
    autocomplete_fields = ["progetto", "autore"]
    date_hierarchy = "data"
    inlines = [ValoreIndicatoreInline]


@admin.register(IscrizioneRegistro)
class IscrizioneRegistroAdmin(admin.ModelAdmin):
    list_display = ["ente", "stato", "richiesta_il", "decisa_il", "decisa_da"]
    list_filter = ["stato", "richiesta_il"]
    list_select_related = ["ente", "decisa_da"]
    search_fields = ["ente__nome", "ente__codice_fiscale", "email_contatto"]
    readonly_fields = ["ente_dati", "stato", "richiesta_il", "decisa_il", "decisa_da"]
    fields = [
        "ente_dati",
        "email_contatto",
        "stato",
        "richiesta_il",
        "decisa_il",
        "decisa_da",
        "motivo_rifiuto",
    ]
    actions = ["approva", "respingi"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Requests come from the public form (services.richiedi_iscrizione).
        return False

    @admin.display(description=_("ente"))
    def ente_dati(self, obj: IscrizioneRegistro) -> str:
        ente = obj.ente
        righe = [
            (_("nome"), ente.nome),
            (_("forma giuridica"), ente.get_forma_giuridica_display()),
            (_("codice fiscale"), ente.codice_fiscale or "–"),
            (_("sezione RUNTS"), ente.get_sezione_runts_display() or "–"),
        ]
        return format_html_join("", "<p><strong>{}:</strong> {}</p>", righe)

    @admin.action(description=_("Approva le richieste selezionate"), permissions=["change"])
    def approva(self, request: HttpRequest, queryset: QuerySet) -> None:
        approvate = 0
        for iscrizione in queryset.select_related("ente"):
            try:
                services.approva_iscrizione(iscrizione=iscrizione, utente=request.user)
                approvate += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, _errori(exc), messages.ERROR)
        if approvate:
            self.message_user(
                request,
                _("%(n)d enti inseriti nel registro pubblico.") % {"n": approvate},
                messages.SUCCESS,
            )

    @admin.action(description=_("Respingi le richieste selezionate"), permissions=["change"])
    def respingi(self, request: HttpRequest, queryset: QuerySet):
        iscrizioni = list(queryset.select_related("ente"))
        if "applica" in request.POST:
            form = RespingiIscrizioneForm(request.POST)
            if form.is_valid():
                respinte = 0
                for iscrizione in iscrizioni:
                    try:
                        services.respingi_iscrizione(
                            iscrizione=iscrizione,
                            utente=request.user,
                            motivo=form.cleaned_data["motivo"],
                        )
                        respinte += 1
                    except (ValidationError, PermissionDenied) as exc:
                        self.message_user(request, _errori(exc), messages.ERROR)
                if respinte:
                    self.message_user(
                        request,
                        ngettext("%(n)d richiesta respinta.", "%(n)d richieste respinte.", respinte)
                        % {"n": respinte},
                        messages.SUCCESS,
                    )
                return None
        else:
            form = RespingiIscrizioneForm()
        return TemplateResponse(
            request,
            "admin/accordi/azione_con_modulo.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Respingi le richieste di iscrizione"),
                "opts": self.model._meta,
                "oggetti": iscrizioni,
                "form": form,
                "azione": "respingi",
                "selezionati": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )
