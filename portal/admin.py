from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from portal.models import User, ValutazionePagina


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Dati personali"), {"fields": ("first_name", "last_name")}),
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
