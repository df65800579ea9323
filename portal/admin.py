from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from portal.models import Argomento, RichiestaReport, User, ValutazionePagina


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name", "codice_fiscale"]
    # Set by SPID/CIE only: staff see it, to help a citizen, but cannot change it.
    readonly_fields = ["codice_fiscale"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Dati personali"), {"fields": ("first_name", "last_name", "codice_fiscale")}),
        (
            _("Ruoli e permessi"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Date"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(ValutazionePagina)
class ValutazionePaginaAdmin(admin.ModelAdmin):
    """Staff read what citizens said of each page; nobody edits an answer."""

    list_display = ["pagina", "valutazione", "commento", "created_at"]
    list_filter = ["valutazione", "created_at"]
    search_fields = ["pagina", "commento"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["riepilogo"] = (
            ValutazionePagina.objects.values("pagina")
            .annotate(numero=Count("id"), media=Avg("valutazione"))
            .order_by("-numero")[:20]
        )
        return super().changelist_view(request, extra_context)


@admin.register(RichiestaReport)
class RichiestaReportAdmin(admin.ModelAdmin):
    """Every report request: filter by kind and state; produce again from the list."""

    list_display = [
        "tipo",
        "parametri",
        "stato",
        "progresso",
        "richiesto_da",
        "created_at",
        "durata",
    ]
    list_filter = ["tipo", "stato", "created_at"]
    list_select_related = ["richiesto_da"]
    search_fields = ["richiesto_da__email", "errore"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in RichiestaReport._meta.fields]
    actions = ["richiedi_di_nuovo"]

    def has_add_permission(self, request) -> bool:
        # New requests go through the service from /report/, which checks the parameters.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Richiedi di nuovo i report selezionati"))
    def richiedi_di_nuovo(self, request, queryset) -> None:
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied, ValidationError

        from portal.report.services import richiedi_report

        richiesti = 0
        for richiesta in queryset:
            try:
                richiedi_report(
                    tipo=richiesta.tipo, parametri=richiesta.parametri, utente=request.user
                )
            except (PermissionDenied, ValidationError) as errore:
                self.message_user(request, f"{richiesta}: {errore}", messages.ERROR)
            else:
                richiesti += 1
        self.message_user(
            request, _("Report richiesti: %(numero)d.") % {"numero": richiesti}, messages.SUCCESS
        )


@admin.register(Argomento)
class ArgomentoAdmin(admin.ModelAdmin):
    """The topics: names from the modello Comuni's vocabulary only (portal.argomenti)."""

    list_display = ["nome", "slug"]
    search_fields = ["nome"]
    prepopulated_fields = {"slug": ["nome"]}
