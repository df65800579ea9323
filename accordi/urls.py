from django.urls import path

from accordi.views import enti, open_data, pubbliche, staff

app_name = "accordi"

urlpatterns = [
    # The staff pages come first: "gestione" is a reserved agreement slug.
    path("accordi/gestione/", staff.AccordiStaffListView.as_view(), name="staff_accordi"),
    path(
        "accordi/gestione/<slug:slug>/",
        staff.AccordoStaffView.as_view(),
        name="staff_accordo",
    ),
    path(
        "accordi/<slug:slug>/progetti/<int:pk>/aggiorna/",
        staff.AggiornaProgettoView.as_view(),
        name="aggiorna_progetto",
    ),
    path("accordi/", pubbliche.AccordoListView.as_view(), name="lista"),
    path("accordi/<slug:slug>/", pubbliche.AccordoDetailView.as_view(), name="dettaglio"),
    path(
        "accordi/<slug:slug>/progetti/<int:pk>/",
        pubbliche.ProgettoDetailView.as_view(),
        name="progetto",
    ),
    path("enti/", enti.EnteListView.as_view(), name="enti"),
    # Before enti/<slug>/, which would otherwise take these paths.
    path(
        "enti/richiedi-iscrizione/",
        enti.RichiestaIscrizioneView.as_view(),
        name="richiedi_iscrizione",
    ),
    path(
        "enti/richiedi-iscrizione/inviata/",
        enti.RichiestaInviataView.as_view(),
        name="richiesta_inviata",
    ),
    path("enti/<slug:slug>/", enti.EnteDetailView.as_view(), name="ente"),
    path("open-data/accordi.csv", open_data.accordi_csv, name="open_data_accordi_csv"),
    path("open-data/accordi.json", open_data.accordi_json, name="open_data_accordi_json"),
    path("open-data/progetti.csv", open_data.progetti_csv, name="open_data_progetti_csv"),
    path("open-data/progetti.json", open_data.progetti_json, name="open_data_progetti_json"),
    path("open-data/enti.csv", open_data.enti_csv, name="open_data_enti_csv"),
    path("open-data/enti.json", open_data.enti_json, name="open_data_enti_json"),
]
