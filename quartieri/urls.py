from django.urls import path  # noqa: F401 - the app's pages are added here as they are built

app_name = "quartieri"

urlpatterns: list = []
