from __future__ import annotations

from django.urls import path

from portal.spid import views

app_name = "spid"

# Stable addresses: the metadata URL and the endpoints in it are registered with
# AgID and the Ministero dell'Interno; changing them means a new accreditation.
urlpatterns = [
    path("metadata/", views.metadata, name="metadata"),
    path("metadata/cie/", views.metadata_cie, name="metadata_cie"),
    path("accedi/", views.accedi, name="accedi"),
    path("acs/", views.acs, name="acs"),
    path("sls/", views.sls, name="sls"),
    path("uscita/", views.uscita, name="uscita"),
    path("collega/", views.collega, name="collega"),
    path("email/", views.email, name="email"),
    path("email/conferma/", views.email_conferma, name="email_conferma"),
]
