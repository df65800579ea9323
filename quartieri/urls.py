from django.urls import path

from quartieri.views import (
    assistenza,
    attivita,
    iscrizioni,
    novita,
    open_data,
    partecipazione,
    pubbliche,
    schede_servizio,
    vivere,
)

app_name = "quartieri"

urlpatterns = [
    path("vivere/", vivere.VivereView.as_view(), name="vivere"),
    path("case-di-quartiere/", pubbliche.LuogoListView.as_view(), name="luoghi"),
    path("case-di-quartiere/<slug:slug>/", pubbliche.LuogoDetailView.as_view(), name="luogo"),
    path("case-di-quartiere/<slug:slug>/calendario.ics", attivita.luogo_ics, name="luogo_ics"),
    path("servizi/", pubbliche.ServiziView.as_view(), name="servizi"),
    path("servizi/<int:pk>/", schede_servizio.ServizioDetailView.as_view(), name="servizio"),
    path(
        "servizi/categorie/<slug:categoria>/",
        schede_servizio.CategoriaModelloView.as_view(),
        name="servizi_categoria",
    ),
    path("domande-frequenti/", assistenza.faq, name="faq"),
    path("segnala-disservizio/", assistenza.segnala_disservizio, name="segnala_disservizio"),
    path(
        "segnala-disservizio/inviata/",
        assistenza.segnalazione_inviata,
        name="segnalazione_inviata",
    ),
    path("attivita/", attivita.AttivitaListView.as_view(), name="attivita"),
    path("attivita/calendario.ics", attivita.calendario_ics, name="attivita_ics_tutte"),
    path("attivita/<int:pk>/", attivita.AttivitaDetailView.as_view(), name="attivita_dettaglio"),
    path("attivita/<int:pk>/calendario.ics", attivita.attivita_ics, name="attivita_ics"),
    path("attivita/date/<int:pk>/iscriviti/", iscrizioni.iscriviti, name="iscriviti"),
    path(
        "attivita/date/<int:pk>/annulla-iscrizione/",
        iscrizioni.annulla_iscrizione,
        name="annulla_iscrizione",
    ),
    path("partecipazione/", partecipazione.OrganismoListView.as_view(), name="partecipazione"),
    # Before "partecipazione/<slug>/", which would otherwise take these paths.
    path(
        "partecipazione/richieste/",
        partecipazione.RichiestaListView.as_view(),
        name="partecipazione_richieste",
    ),
    path(
        "partecipazione/calendario.ics",
        partecipazione.calendario_ics,
        name="partecipazione_ics",
    ),
    path(
        "partecipazione/<slug:slug>/",
        partecipazione.OrganismoDetailView.as_view(),
        name="organismo",
    ),
    path(
        "partecipazione/<slug:slug>/calendario.ics",
        partecipazione.organismo_ics,
        name="organismo_ics",
    ),
    path("novita/", novita.NovitaListView.as_view(), name="novita"),
    # Before "novita/<slug:categoria>/", which would otherwise take "rss" and "atom".
    path("novita/rss/", novita.NovitaFeed(), name="novita_rss"),
    path("novita/atom/", novita.NovitaAtomFeed(), name="novita_atom"),
    path("novita/<int:pk>/", novita.NovitaDetailView.as_view(), name="novita_dettaglio"),
    path(
        "novita/<slug:categoria>/",
        novita.NovitaCategoriaView.as_view(),
        name="novita_categoria",
    ),
    path("open-data/luoghi.csv", open_data.luoghi_csv, name="open_data_luoghi_csv"),
    path("open-data/luoghi.json", open_data.luoghi_json, name="open_data_luoghi_json"),
    path("open-data/servizi.csv", open_data.servizi_csv, name="open_data_servizi_csv"),
    path("open-data/servizi.json", open_data.servizi_json, name="open_data_servizi_json"),
]
