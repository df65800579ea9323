from __future__ import annotations

from django.urls import path

from volontari.views import (
    area_personale,
    profilo,
    pubbliche,
    registro,
    resoconti,
    tutor,
    verifica,
)

app_name = "volontari"

urlpatterns = [
    path("volontariato/", pubbliche.OpportunitaListView.as_view(), name="opportunita"),
    path("area-personale/", area_personale.AreaPersonaleView.as_view(), name="area_personale"),
    path(
        "area-personale/attestato/",
        area_personale.CertificatoView.as_view(),
        name="certificato",
    ),
    path(
        "area-personale/i-miei-dati.json",
        area_personale.EsportaDatiView.as_view(),
        name="esporta_dati",
    ),
    path(
        "area-personale/cancella-account/",
        area_personale.CancellaAccountView.as_view(),
        name="cancella_account",
    ),
    path("verifica/", verifica.VerificaModuloView.as_view(), name="verifica_modulo"),
    path("verifica/<str:codice>/", verifica.verifica, name="verifica"),
    path("volontariato/profilo/", profilo.ProfiloView.as_view(), name="profilo"),
    path("volontariato/ore/nuove/", profilo.RegistraOreView.as_view(), name="registra_ore"),
    path("volontariato/registro.csv", registro.registro_csv, name="registro_csv"),
    path("volontariato/registro.xlsx", registro.registro_xlsx, name="registro_xlsx"),
    path("volontariato/tutor/", tutor.TutorView.as_view(), name="tutor"),
    path("volontariato/tutor/ore/", tutor.DecidiOreView.as_view(), name="tutor_decidi_ore"),
    path(
        "volontariato/tutor/candidature/<int:pk>/",
        tutor.CandidaturaView.as_view(),
        name="tutor_candidatura",
    ),
    path(
        "volontariato/tutor/volontari/<int:pk>/",
        tutor.VolontarioView.as_view(),
        name="tutor_volontario",
    ),
    path(
        "volontariato/tutor/opportunita/<int:pk>/ore/",
        tutor.OreGruppoView.as_view(),
        name="tutor_ore_gruppo",
    ),
    path(
        "volontariato/tutor/incarichi/<int:pk>/termina/",
        tutor.TerminaIncaricoView.as_view(),
        name="tutor_termina_incarico",
    ),
    path(
        "volontariato/tutor/ore/<int:pk>/correggi/",
        tutor.CorreggiOreView.as_view(),
        name="tutor_correggi_ore",
    ),
    path(
        "volontariato/resoconti/<int:pk>/ore/",
        resoconti.OreResocontoView.as_view(),
        name="ore_resoconto",
    ),
    # After the fixed paths above, which a slug would otherwise capture.
    path("volontariato/<slug:slug>/candidati/", profilo.candidati, name="candidati"),
    path(
        "volontariato/<slug:slug>/",
        pubbliche.OpportunitaDetailView.as_view(),
        name="opportunita_dettaglio",
    ),
]
