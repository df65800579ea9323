"""Forms of the accordi app: lifecycle moves, signatories, progress updates, registry."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accordi.models import Accordo, AggiornamentoProgetto, Firmatario, Indicatore, Progetto
from quartieri.forms.luoghi import StileBootstrapMixin
from quartieri.models import Comune, Ente


class TransizioneForm(StileBootstrapMixin, forms.Form):
    """Move an agreement to one of the states it may reach next, saying why."""

    nuovo_stato = forms.ChoiceField(label=_("nuovo stato"))
    motivo = forms.CharField(
        label=_("motivo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Per esempio: la delibera di Giunta, l'esito dell'istruttoria..."),
    )

    def __init__(self, *args, accordo: Accordo | None = None, stati=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the allowed next states, so a stale page cannot offer a wrong move.
        scelte = stati if stati is not None else (accordo.stati_successivi if accordo else [])
        self.fields["nuovo_stato"].choices = [(s.value, s.label) for s in scelte]


class FirmatarioForm(forms.ModelForm):
    """A signatory: the model's constraints give the duplicate and kind errors."""

    class Meta:
        model = Firmatario
        fields = [
            "accordo",
            "tipo",
            "ente",
            "utente",
            "nome_cittadino",
            "consenso_pubblicazione",
            "ruolo",
            "data_firma",
            "referente",
        ]


class AccordoForm(forms.ModelForm):
    """The agreement's data; its state moves only through the lifecycle."""

    class Meta:
        model = Accordo
        fields = [
            "codice",
            "titolo",
            "slug",
            "descrizione",
            "temi",
            "argomenti",
            "comune",
            "ambito",
            "quartieri",
            "architetto_di_quartiere",
            "data_inizio",
            "data_fine",
            "rinnova",
            "documento_firmato",
        ]

    def clean(self):
        dati = super().clean()
        comune, quartieri = dati.get("comune"), dati.get("quartieri")
        if comune and quartieri and any(q.comune_id != comune.pk for q in quartieri):
            self.add_error("quartieri", _("Scegli quartieri del comune dell'accordo."))
        return dati


class AggiornamentoProgettoForm(StileBootstrapMixin, forms.ModelForm):
    """A progress update, with one optional field per indicator of the project."""

    class Meta:
        model = AggiornamentoProgetto
        fields = ["data", "testo", "abitanti_raggiunti", "ore_collaborazione"]
        widgets = {
            "data": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "testo": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "abitanti_raggiunti": _("Il totale raggiunto dall'inizio del progetto, se lo sai."),
            "ore_collaborazione": _(
                "Le ore date dall'ultimo aggiornamento da chi non è nel registro dei volontari "
                "(per esempio i soci delle associazioni firmatarie). Le ore dei volontari "
                "registrati si contano da sole: non ripeterle qui."
            ),
        }

    def __init__(self, *args, progetto: Progetto, **kwargs):
        super().__init__(*args, **kwargs)
        self.progetto = progetto
        self.indicatori: list[Indicatore] = list(progetto.indicatori.all())
        for indicatore in self.indicatori:
            etichetta = str(indicatore)
            if indicatore.valore_obiettivo is not None:
                etichetta = _("%(nome)s (obiettivo: %(obiettivo)s)") % {
                    "nome": etichetta,
                    "obiettivo": _numero(indicatore.valore_obiettivo),
                }
            self.fields[self.nome_campo(indicatore)] = forms.DecimalField(
                label=etichetta,
                required=False,
                max_digits=12,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    @staticmethod
    def nome_campo(indicatore: Indicatore) -> str:
        return f"indicatore_{indicatore.pk}"

    def campi_indicatori(self):
        return [self[self.nome_campo(i)] for i in self.indicatori]

    def valori(self) -> dict[Indicatore, object]:
        return {i: self.cleaned_data.get(self.nome_campo(i)) for i in self.indicatori}


def _numero(valore: Decimal) -> str:
    """A target as people write it: "300", "2,5" (Italian locale)."""
    intero = valore == valore.to_integral_value()
    return formats.number_format(valore, decimal_pos=0 if intero else 2, use_l10n=True)


class RichiestaIscrizioneForm(forms.ModelForm):
    """An organisation asks to enter the public registry (see services.richiedi_iscrizione)."""

    email_contatto = forms.EmailField(
        label=_("e-mail per rispondere alla richiesta"),
        help_text=_("Non sarà pubblicata: serve al Comune per risponderti."),
    )
    sito = forms.URLField(label=_("sito web"), required=False, assume_scheme="https")

    class Meta:
        model = Ente
        fields = [
            "comune",
            "nome",
            "forma_giuridica",
            "codice_fiscale",
            "sezione_runts",
            "numero_runts",
            "quartiere",
            "settori",
            "descrizione",
            "sito",
            "email",
            "telefono",
            "contatti_pubblici",
        ]
        labels = {
            "email": _("e-mail pubblica dell'ente"),
            "telefono": _("telefono pubblico dell'ente"),
            "contatti_pubblici": _(
                "Acconsento a pubblicare nel registro l'e-mail, il telefono e il sito dell'ente"
            ),
        }
        help_texts = {
            "contatti_pubblici": _("Senza consenso i contatti restano visibili solo al Comune."),
        }
        widgets = {
            "descrizione": forms.Textarea(
                attrs={"rows": 4, "class": "form-control portal-textarea"}
            )
        }

    privacy = forms.BooleanField(
        label=_("Ho letto l'informativa sul trattamento dei dati personali"),
        error_messages={
            "required": _("Per inviare la richiesta conferma di aver letto l'informativa.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A single-city deployment does not ask which comune: there is one.
        comuni = list(Comune.objects.all()[:2])
        if len(comuni) == 1:
            self.fields["comune"].initial = comuni[0]
            self.fields["comune"].widget = forms.HiddenInput()
        # Council offices are not listed in the registry of associations.
        self.fields["forma_giuridica"].choices = [
            c
            for c in self.fields["forma_giuridica"].choices
            if c[0] != Ente.FormaGiuridica.UFFICIO_COMUNALE
        ]

    def clean_codice_fiscale(self) -> str:
        codice = self.cleaned_data["codice_fiscale"].strip()
        if codice and Ente.objects.filter(codice_fiscale=codice).exists():
            raise forms.ValidationError(
                _("Un ente con questo codice fiscale è già registrato: scrivi al Comune.")
            )
        return codice

    def clean(self):
        dati = super().clean()
        if bool(dati.get("sezione_runts")) != bool(dati.get("numero_runts")):
            self.add_error(
                "numero_runts",
                _("Indica sia la sezione sia il numero di iscrizione al RUNTS, o nessuno dei due."),
            )
        return dati

    def dati_servizio(self) -> dict:
        """The keyword arguments of services.richiedi_iscrizione."""
        dati = dict(self.cleaned_data)
        dati.pop("privacy")
        dati["settori"] = list(dati["settori"])
        return dati


class RespingiIscrizioneForm(forms.Form):
    motivo = forms.CharField(
        label=_("motivo del rifiuto"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Sarà comunicato a chi ha fatto la richiesta."),
    )
