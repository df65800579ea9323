"""The request form: one form for every kind, each kind using the fields it needs."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import RichiestaReport
from portal.report.registro import tipi_registrati
from portal.report.services import normalizza_parametri
from portal.ruoli import e_staff_comunale
from portal.validators import valida_data_plausibile

FORMATI = [("pdf", "PDF"), ("xlsx", "XLSX"), ("csv", "CSV")]


class RichiestaReportForm(forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo di report"), choices=RichiestaReport.Tipo.choices)
    formato = forms.ChoiceField(label=_("Formato"), choices=FORMATI)
    anno = forms.IntegerField(label=_("Anno"), required=False, min_value=2000, max_value=2100)
    mese = forms.TypedChoiceField(
        label=_("Mese"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 13)],
    )
    settimana = forms.DateField(
        label=_("Settimana che comprende il giorno"),
        required=False,
        validators=[valida_data_plausibile],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    luogo = forms.ModelChoiceField(label=_("Casa di Quartiere"), queryset=None, required=False)
    ambito = forms.ModelChoiceField(label=_("Ambito territoriale"), queryset=None, required=False)
    quartiere = forms.ModelChoiceField(label=_("Quartiere"), queryset=None, required=False)

    def __init__(self, *args, utente, **kwargs) -> None:
        from quartieri.models import AmbitoTerritoriale, Luogo, Quartiere

        super().__init__(*args, **kwargs)
        self.utente = utente
        oggi = timezone.localdate()
        self.fields["anno"].initial = oggi.year
        self.fields["mese"].initial = oggi.month
        self.fields["luogo"].queryset = Luogo.objects.gestibili_da(utente).order_by("nome")
        self.fields["ambito"].queryset = AmbitoTerritoriale.objects.order_by("nome")
        self.fields["quartiere"].queryset = Quartiere.objects.order_by("nome")
        if not e_staff_comunale(utente):
            # Community managers see only the kinds they may request.
            consentiti = {c for c, t in tipi_registrati().items() if t.per_community_manager}
            self.fields["tipo"].choices = [
                (c, e) for c, e in RichiestaReport.Tipo.choices if c in consentiti
            ]
            del self.fields["ambito"]
            del self.fields["quartiere"]

    def clean(self) -> dict:
        dati = super().clean()
        tipo = tipi_registrati().get(dati.get("tipo"))
        if tipo is None:
            return dati
        parametri = {
            "formato": dati.get("formato"),
            "anno": dati.get("anno"),
            "mese": dati.get("mese"),
            "settimana": dati["settimana"].isoformat() if dati.get("settimana") else None,
            "luogo": dati["luogo"].pk if dati.get("luogo") else None,
            "ambito": dati["ambito"].pk if dati.get("ambito") else None,
            "quartiere": dati["quartiere"].pk if dati.get("quartiere") else None,
        }
        try:
            self.parametri = normalizza_parametri(tipo, parametri)
        except ValidationError as errore:
            for campo, messaggi in errore.message_dict.items():
                self.add_error(campo if campo in self.fields else None, messaggi)
        return dati
