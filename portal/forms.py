from __future__ import annotations

from django import forms

from portal.models import ValutazionePagina


class ValutazionePaginaForm(forms.ModelForm):
    class Meta:
        model = ValutazionePagina
        fields = ["pagina", "valutazione", "commento"]

    def clean_pagina(self) -> str:
        pagina = self.cleaned_data["pagina"]
        # Only paths of this site are recorded, never a full URL from elsewhere.
        if not pagina.startswith("/") or pagina.startswith("//"):
            raise forms.ValidationError("Pagina non valida.")
        return pagina
