from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from portal import views, views_argomenti, views_numeri
from portal.report import urls as report_urls

portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="portal/privacy.html",
            extra_context={
                "titolo": _("Informativa privacy"),
                "briciole": [(_("Informativa privacy"), None)],
            },
        ),
        name="privacy",
    ),
    path(
        "accessibilita/",
        TemplateView.as_view(
            template_name="portal/accessibilita.html",
            extra_context={"titolo": _("Accessibilità"), "briciole": [(_("Accessibilità"), None)]},
        ),
        name="accessibilita",
    ),
    path(
        "note-legali/",
        TemplateView.as_view(
            template_name="portal/note_legali.html",
            extra_context={"titolo": _("Note legali"), "briciole": [(_("Note legali"), None)]},
        ),
        name="note_legali",
    ),
    path(
        "amministrazione/",
        TemplateView.as_view(
            template_name="portal/amministrazione.html",
            extra_context={
                "titolo": _("Amministrazione"),
                "briciole": [(_("Amministrazione"), None)],
            },
        ),
        name="amministrazione",
    ),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalogo.json", views_numeri.catalogo, name="open_data_catalogo"),
    path("open-data/numeri.csv", views_numeri.numeri_csv, name="open_data_numeri_csv"),
    path("open-data/numeri.json", views_numeri.numeri_json, name="open_data_numeri_json"),
    path("open-data/attivita.csv", views_numeri.attivita_csv, name="open_data_attivita_csv"),
    path("open-data/attivita.json", views_numeri.attivita_json, name="open_data_attivita_json"),
    path("numeri/", views_numeri.NumeriView.as_view(), name="numeri"),
    path("report/", include(report_urls)),
    path("valuta-pagina/", views.valuta_pagina, name="valuta_pagina"),
    path("cerca/", views_argomenti.cerca, name="cerca"),
    path("argomenti/", views_argomenti.argomenti, name="argomenti"),
    path("argomenti/<slug:slug>/", views_argomenti.argomento, name="argomento"),
]

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Case di Quartiere"
# One way in, with allauth's rate limit on failed logins: the admin's own login form
# has none, so /admin/login/ sends anonymous visitors to allauth's page instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("healthz/", views.healthz, name="healthz"),
    path("account/", include("allauth.urls")),
    path("saml/", include("portal.spid.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("gestione/", include("quartieri.urls_gestione")),
    path("", include("quartieri.urls")),
    path("", include("accordi.urls")),
    path("", include("volontari.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
