"""The management area (/gestione/): community managers and council staff.

Each section of a place lives under /gestione/<slug>/; later sections (e.g.
activities) add their paths here, under the same place prefix.
"""

from __future__ import annotations

from django.urls import path

from quartieri.views import gestione, gestione_attivita, gestione_novita, gestione_partecipazione

app_name = "gestione"

urlpatterns = [
    path("", gestione.GestioneHomeView.as_view(), name="home"),
    # Before "<slug:slug>/", which would otherwise take "settimana" for a place.
    path("settimana/", gestione_attivita.SettimanaView.as_view(), name="settimana"),
    path(
        "partecipazione/",
        gestione_partecipazione.PartecipazioneHomeView.as_view(),
        name="partecipazione",
    ),
    path(
        "partecipazione/richieste/<int:pk>/",
        gestione_partecipazione.RichiestaRispostaView.as_view(),
        name="partecipazione_richiesta",
    ),
    path(
        "partecipazione/<slug:slug>/",
        gestione_partecipazione.OrganismoGestioneView.as_view(),
        name="partecipazione_organismo",
    ),
    path(
        "partecipazione/<slug:slug>/riunioni/nuova/",
        gestione_partecipazione.RiunioneFormView.as_view(),
        name="partecipazione_riunione_nuova",
    ),
    path(
        "partecipazione/<slug:slug>/riunioni/<int:pk>/",
        gestione_partecipazione.RiunioneFormView.as_view(),
        name="partecipazione_riunione",
    ),
    path(
        "partecipazione/<slug:slug>/richieste/nuova/",
        gestione_partecipazione.RichiestaNuovaView.as_view(),
        name="partecipazione_richiesta_nuova",
    ),
    path(
        "partecipazione/<slug:slug>/richieste/<int:pk>/chiudi/",
        gestione_partecipazione.RichiestaChiudiView.as_view(),
        name="partecipazione_richiesta_chiudi",
    ),
    path("<slug:slug>/", gestione.LuogoContenutiView.as_view(), name="luogo"),
    path("<slug:slug>/orari/", gestione.OrariView.as_view(), name="orari"),
    path("<slug:slug>/posizione/", gestione.PosizioneView.as_view(), name="posizione"),
    path("<slug:slug>/chiusure/", gestione.EccezioniView.as_view(), name="eccezioni"),
    path(
        "<slug:slug>/chiusure/date/",
        gestione_attivita.DateInChiusuraView.as_view(),
        name="date_in_chiusura",
    ),
    path("<slug:slug>/servizi/", gestione.ServiziView.as_view(), name="servizi"),
    path("<slug:slug>/servizi/nuovo/", gestione.ServizioView.as_view(), name="servizio_nuovo"),
    path("<slug:slug>/servizi/<int:pk>/", gestione.ServizioView.as_view(), name="servizio"),
    path(
        "<slug:slug>/servizi/<int:pk>/elimina/",
        gestione.ServizioEliminaView.as_view(),
        name="servizio_elimina",
    ),
    path(
        "<slug:slug>/attivita/",
        gestione_attivita.AttivitaListView.as_view(),
        name="attivita_lista",
    ),
    path(
        "<slug:slug>/attivita/nuova/",
        gestione_attivita.AttivitaFormView.as_view(),
        name="attivita_nuova",
    ),
    path(
        "<slug:slug>/attivita/<int:pk>/",
        gestione_attivita.AttivitaFormView.as_view(),
        name="attivita",
    ),
    path(
        "<slug:slug>/attivita/<int:pk>/annulla/",
        gestione_attivita.AttivitaAnnullaView.as_view(),
        name="attivita_annulla",
    ),
    path(
        "<slug:slug>/date/<int:pk>/annulla/",
        gestione_attivita.OccorrenzaAnnullaView.as_view(),
        name="occorrenza_annulla",
    ),
    path(
        "<slug:slug>/date/<int:pk>/sposta/",
        gestione_attivita.OccorrenzaSpostaView.as_view(),
        name="occorrenza_sposta",
    ),
    path(
        "<slug:slug>/date/<int:pk>/resoconto/",
        gestione_attivita.ResocontoView.as_view(),
        name="resoconto",
    ),
    path("<slug:slug>/sportello/", gestione_attivita.SportelloView.as_view(), name="sportello"),
    path("<slug:slug>/novita/", gestione_novita.NovitaListView.as_view(), name="novita_lista"),
    path(
        "<slug:slug>/novita/nuova/",
        gestione_novita.NovitaFormView.as_view(),
        name="novita_nuova",
    ),
    path("<slug:slug>/novita/<int:pk>/", gestione_novita.NovitaFormView.as_view(), name="novita"),
    path(
        "<slug:slug>/novita/<int:pk>/elimina/",
        gestione_novita.NovitaEliminaView.as_view(),
        name="novita_elimina",
    ),
]
