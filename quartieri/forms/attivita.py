"""Forms of the management area for activities, logs and desk contacts."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.validators import valida_data_plausibile
from quartieri.forms.luoghi import StileBootstrapMixin
from quartieri.models import Attivita, CategoriaServizio, ContattoSportello, Ente, Resoconto
from quartieri.models.attivita import MASSIMO_PERSONE_PER_ISCRIZIONE


def _momento() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _numero(**attrs) -> forms.NumberInput:
    # inputmode brings up the digit keypad on phones: a log takes seconds.
    return forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, **attrs})


class IscrizioneForm(forms.Form):
    """How many people one registration brings, up to the activity's limit."""

    persone = forms.TypedChoiceField(label=_("Quante persone iscrivi (te compreso)"), coerce=int)

    def __init__(self, *args, attivita: Attivita, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        massimo = attivita.massimo_persone_per_iscrizione
        self.fields["persone"].choices = [(n, str(n)) for n in range(1, massimo + 1)]
        self.fields["persone"].error_messages["invalid_choice"] = ngettext(
            "A questa attività si iscrive al massimo %(n)d persona per volta.",
            "A questa attività si iscrivono al massimo %(n)d persone per volta.",
            massimo,
        ) % {"n": massimo}
        # A one-seat activity has nothing to choose: the form then books the user alone.
        self.fields["persone"].required = massimo > 1
        self.fields["persone"].widget.attrs["class"] = "form-select"

    def clean_persone(self) -> int:
        return self.cleaned_data["persone"] or 1


class AttivitaForm(StileBootstrapMixin, forms.ModelForm):
    """An activity of one place: the place comes from the URL, not from the form."""

    class Meta:
        model = Attivita
        fields = [
            "titolo",
            "tipo",
            "descrizione",
            "pubblico",
            "organizzatore",
            "inizio",
            "fine",
            "settimanale",
            "ripeti_fino_al",
            "pubblica",
            "gratuita",
            "costo",
            "iscrizione_richiesta",
            "capienza",
            "argomenti",
            "massimo_persone_per_iscrizione",
        ]
        widgets = {
            "argomenti": forms.CheckboxSelectMultiple,
            "descrizione": forms.Textarea(attrs={"rows": 4}),
            "inizio": _momento(),
            "fine": _momento(),
            "ripeti_fino_al": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "capienza": _numero(min=1),
            "massimo_persone_per_iscrizione": _numero(min=1, max=MASSIMO_PERSONE_PER_ISCRIZIONE),
        }
        help_texts = {
            "inizio": _("Giorno e ora della prima volta."),
            "ripeti_fino_al": _("Solo per le attività settimanali: l'ultima data della serie."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizzatore"].queryset = Ente.objects.only("pk", "nome").order_by("nome")
        # Left empty, one registration is one person, as for most activities.
        self.fields["massimo_persone_per_iscrizione"].required = False

    def clean_massimo_persone_per_iscrizione(self) -> int:
        return self.cleaned_data["massimo_persone_per_iscrizione"] or 1


class AnnullaForm(StileBootstrapMixin, forms.Form):
    motivo = forms.CharField(
        label=_("Motivo (facoltativo)"),
        max_length=200,
        required=False,
        help_text=_("Lo vede chi consulta il calendario."),
    )


class DateInChiusuraForm(forms.Form):
    """Which of the dates falling on the place's closures to cancel."""

    occorrenze = forms.TypedMultipleChoiceField(
        label=_("Date da annullare"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli almeno una data da annullare.")},
    )

    def __init__(self, *args, scelte: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occorrenze"].choices = scelte


class SpostaForm(StileBootstrapMixin, forms.Form):
    inizio = forms.DateTimeField(label=_("Nuovo inizio"), widget=_momento())
    fine = forms.DateTimeField(label=_("Nuova fine"), widget=_momento())

    def clean(self) -> dict:
        dati = super().clean()
        inizio, fine = dati.get("inizio"), dati.get("fine")
        if inizio and fine and fine <= inizio:
            self.add_error("fine", _("La fine deve seguire l'inizio."))
        return dati


class ResocontoForm(StileBootstrapMixin, forms.ModelForm):
    class Meta:
        model = Resoconto
        fields = [
            "partecipanti_totale",
            "partecipanti_under14",
            "partecipanti_14_64",
            "partecipanti_over65",
            "volontari_coinvolti",
            "ore_volontariato",
            "note",
        ]
        widgets = {
            "partecipanti_totale": _numero(),
            "partecipanti_under14": _numero(),
            "partecipanti_14_64": _numero(),
            "partecipanti_over65": _numero(),
            "volontari_coinvolti": _numero(),
            "ore_volontariato": forms.NumberInput(
                attrs={"inputmode": "decimal", "min": 0, "step": "0.5"}
            ),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "ore_volontariato": _("Ore di volontari non iscritti al registro"),
        }
        help_texts = {
            "ore_volontariato": _(
                "Solo chi non è nel registro dei volontari, per esempio i soci "
                "dell'associazione che gestisce la casa. Le ore dei volontari iscritti si "
                "inseriscono nel registro delle ore, dal collegamento «Ore dei volontari "
                "iscritti» su questa pagina, dopo aver salvato il resoconto."
            ),
        }


class ContattoForm(StileBootstrapMixin, forms.Form):
    """The optional details of a desk contact; the service comes from the button pressed."""

    durata = forms.ChoiceField(
        label=_("Durata"),
        choices=ContattoSportello.Durata.choices,
        initial=ContattoSportello.Durata.DA_5_A_15,
        widget=forms.RadioSelect,
    )
    lingua = forms.ChoiceField(
        label=_("Lingua usata"),
        choices=ContattoSportello.Lingua.choices,
        initial=ContattoSportello.Lingua.ITALIANO,
    )
    inviato_a_ufficio_comunale = forms.BooleanField(
        label=_("Indirizzato a un ufficio del Comune"), required=False
    )


class ContattoCategoriaForm(ContattoForm):
    """A desk contact about something the place offers no service for."""

    categoria = forms.ModelChoiceField(
        label=_("Argomento"), queryset=CategoriaServizio.objects.all()
    )

    field_order = ["categoria", "durata", "lingua", "inviato_a_ufficio_comunale"]


class SettimanaForm(forms.Form):
    """The week shown in the management calendar (any day of it; default this week)."""

    settimana = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], validators=[valida_data_plausibile]
    )

    def lunedi(self, oggi: dt.date) -> dt.date:
        giorno = (self.is_valid() and self.cleaned_data["settimana"]) or oggi
        return giorno - dt.timedelta(days=giorno.weekday())
