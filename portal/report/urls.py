from __future__ import annotations

from django.urls import path

from portal.report import views

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report"),
    path("richiedi/", views.richiedi, name="report_richiedi"),
    path("stato.json", views.stato, name="report_stato"),
    path("<int:pk>/scarica/", views.scarica, name="report_scarica"),
]
