"""Forms of the volontari app: profile, applications, hours, the tutors' decisions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.forms import id_inviato
from quartieri.forms.luoghi import StileBootstrapMixin
from quartieri.models import Quartiere
from volontari.models import Candidatura, Incarico, OreVolontariato, Volontario
from volontari.models.ore import MASSIMO_ORE_AL_GIORNO, QUARTO_D_ORA


def _giorno(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def _campo_ore(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=kwargs.pop("label", _("Ore")),
        min_value=QUARTO_D_ORA,
        max_value=MASSIMO_ORE_AL_GIORNO,
        max_digits=4,
        decimal_places=2,
        step_size=QUARTO_D_ORA,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        error_messages={
            "step_size": _("Le ore si contano a quarti d'ora: per esempio 1, 1,25, 1,5 o 1,75."),
            "max_value": _("Al massimo 12 ore in un giorno."),
            "min_value": _("Indica almeno un quarto d'ora."),
        },
        **kwargs,
    )


class ProfiloForm(StileBootstrapMixin, forms.ModelForm):
    """The volunteer's profile: only the fields the register and the insurer need."""

    class Meta:
        model = Volontario
        fields = [
            "nome",
            "cognome",
            "codice_fiscale",
            "data_nascita",
            "luogo_nascita",
            "comune",
            "indirizzo",
            "quartiere",
            "telefono",
            "idoneita_medica_valida_fino_al",
            "consenso_privacy",
            "consenso_foto",
        ]
        widgets = {
            "data_nascita": _giorno(autocomplete="bday"),
            "idoneita_medica_valida_fino_al": _giorno(),
            "codice_fiscale": forms.TextInput(
                attrs={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 16}
            ),
            "telefono": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "nome": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "cognome": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }
        help_texts = {
            "codice_fiscale": _(
                "Lo chiede la legge per il registro dei volontari (D.Lgs. 117/2017, art. 17)."
            ),
            "luogo_nascita": _("Comune, o Stato estero, di nascita: lo chiede il registro."),
            "comune": _("Il comune dove abiti o hai il domicilio."),
            "quartiere": _("Ci serve per proporti le opportunità vicino a te."),
            "telefono": _("Facoltativo: solo perché il tutor possa chiamarti."),
            "idoneita_medica_valida_fino_al": _(
                "Solo dai 75 ai 79 anni: la data di scadenza del certificato medico di "
                "idoneità. Non caricare il certificato: conserviamo solo la data."
            ),
            "consenso_privacy": _(
                "Usiamo i tuoi dati solo per il registro dei volontari, l'assicurazione e "
                "per organizzare le attività; non li diamo a nessun altro."
            ),
            "consenso_foto": _("Facoltativo: puoi cambiare idea quando vuoi."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for campo in ("nome", "cognome", "codice_fiscale", "data_nascita", "luogo_nascita"):
            self.fields[campo].required = True
        for campo in ("comune", "indirizzo", "consenso_privacy"):
            self.fields[campo].required = True
        self.fields["consenso_privacy"].error_messages["required"] = _(
            "Per diventare volontario serve accettare l'informativa sulla privacy."
        )
        # Consent is informed only if the notice is one click away (GDPR art. 7 and 13).
        self.fields["consenso_privacy"].help_text = format_html(
            '{} <a href="{}">{}</a>',
            self.fields["consenso_privacy"].help_text,
            reverse("portal:privacy"),
            _("Leggi l'informativa sulla privacy."),
        )
        self.fields["quartiere"].queryset = Quartiere.objects.select_related("comune").order_by(
            "nome"
        )
        user = self.instance.user
        if user is not None and user.codice_fiscale:
            # It came from SPID or CIE: the person cannot type another one.
            self.fields["codice_fiscale"].disabled = True
            self.initial["codice_fiscale"] = user.codice_fiscale
            self.fields["codice_fiscale"].help_text = _(
                "Viene dalla tua identità digitale (SPID o CIE): non si può modificare."
            )

    def clean_codice_fiscale(self) -> str:
        return self.cleaned_data["codice_fiscale"].upper().replace(" ", "")


class CandidaturaForm(StileBootstrapMixin, forms.ModelForm):
    class Meta:
        model = Candidatura
        fields = ["messaggio"]
        widgets = {"messaggio": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "messaggio": _("Facoltativo: quando sei disponibile, cosa ti piacerebbe fare.")
        }


class RispostaCandidaturaForm(StileBootstrapMixin, forms.Form):
    """A tutor's answer to an application."""

    ACCETTA, RIFIUTA = "accetta", "rifiuta"

    esito = forms.ChoiceField(
        label=_("Risposta"),
        choices=[
            (ACCETTA, _("Accetto la candidatura")),
            (RIFIUTA, _("Non accolgo la candidatura")),
        ],
        widget=forms.RadioSelect,
    )
    data_inizio = forms.DateField(
        label=_("Inizio dell'attività"),
        required=False,
        widget=_giorno(),
        help_text=_("Solo se accetti; se vuoto, oggi."),
    )
    risposta = forms.CharField(
        label=_("Messaggio al volontario"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obbligatorio se non accogli la candidatura."),
    )

    def clean(self) -> dict:
        dati = super().clean()
        if dati.get("esito") == self.RIFIUTA and not dati.get("risposta", "").strip():
            self.add_error(
                "risposta", _("Scrivi al volontario perché la candidatura non è accolta.")
            )
        return dati


class OreForm(StileBootstrapMixin, forms.Form):
    """One day's hours in one of the volunteer's enrolments (the service checks the rules)."""

    incarico = forms.ModelChoiceField(label=_("Incarico"), queryset=Incarico.objects.none())
    data = forms.DateField(label=_("Giorno"), widget=_giorno())
    ore = _campo_ore(help_text=_("A quarti d'ora (per esempio 2,5), al massimo 12 al giorno."))
    attivita_svolta = forms.CharField(
        label=_("Attività svolta"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, incarichi: QuerySet[Incarico], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incarico"].queryset = incarichi
        self.fields["incarico"].label_from_instance = lambda i: i.opportunita.titolo
        self.fields["data"].widget.attrs["max"] = timezone.localdate().isoformat()


class DecisioneOreForm(forms.Form):
    """Approve or reject several pending entries at once."""

    APPROVA, RIFIUTA = "approva", "rifiuta"

    voci = forms.ModelMultipleChoiceField(
        label=_("Registrazioni"),
        queryset=OreVolontariato.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli almeno una registrazione.")},
    )
    azione = forms.ChoiceField(
        label=_("Cosa fare"),
        choices=[(APPROVA, _("Approva")), (RIFIUTA, _("Non approvare"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Scegli se approvare o non approvare le registrazioni spuntate.")
        },
    )
    motivo = forms.CharField(
        label=_("Motivo (se non approvi)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, voci: QuerySet[OreVolontariato], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voci"].queryset = voci

    def spuntate(self) -> set[int]:
        """The ids of the entries ticked in the submitted form: a re-shown queue keeps them."""
        if not self.is_bound:
            return set()
        return {pk for voce in self.data.getlist("voci") if (pk := id_inviato(voce)) is not None}

    def clean(self) -> dict:
        dati = super().clean()
        if dati.get("azione") == self.RIFIUTA and not dati.get("motivo", "").strip():
            self.add_error("motivo", _("Spiega al volontario perché le ore non sono approvate."))
        return dati


class OreDiPiuVolontariForm(StileBootstrapMixin, forms.Form):
    """Several enrolments, each with its hours: those left empty are skipped."""

    def __init__(self, *args, incarichi: list[Incarico], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.incarichi = incarichi
        for incarico in incarichi:
            self.fields[f"ore_{incarico.pk}"] = _campo_ore(
                label=self.etichetta(incarico), required=False
            )

    def etichetta(self, incarico: Incarico) -> str:
        return f"{incarico.volontario} ({incarico.opportunita.titolo})"

    def righe(self) -> list[tuple[Incarico, Decimal]]:
        """The (enrolment, hours) pairs filled in."""
        return [
            (incarico, self.cleaned_data[f"ore_{incarico.pk}"])
            for incarico in self.incarichi
            if self.cleaned_data.get(f"ore_{incarico.pk}")
        ]

    def clean(self) -> dict:
        dati = super().clean()
        if not self.errors and not self.righe():
            raise forms.ValidationError(_("Indica le ore di almeno un volontario."))
        return dati

    def campi_ore(self) -> list:
        return [self[f"ore_{incarico.pk}"] for incarico in self.incarichi]


class OreGruppoForm(OreDiPiuVolontariForm):
    """One activity, several volunteers of one opportunity, each with their hours."""

    data = forms.DateField(label=_("Giorno"), widget=_giorno())
    attivita_svolta = forms.CharField(
        label=_("Attività svolta"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def etichetta(self, incarico: Incarico) -> str:
        # One opportunity: its title would repeat on every row.
        return str(incarico.volontario)


class CorrezioneForm(StileBootstrapMixin, forms.Form):
    """A correction of an approved entry: a signed delta and the reason."""

    delta = forms.DecimalField(
        label=_("Ore da aggiungere o togliere"),
        min_value=-MASSIMO_ORE_AL_GIORNO,
        max_value=MASSIMO_ORE_AL_GIORNO,
        max_digits=4,
        decimal_places=2,
        step_size=QUARTO_D_ORA,
        help_text=_(
            "A quarti d'ora: per esempio 0,5 per aggiungere mezz'ora, -1,5 per togliere "
            "un'ora e mezza."
        ),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        error_messages={
            "step_size": _("Le ore si contano a quarti d'ora: per esempio 0,25, -1 o -1,5."),
            "max_value": _("Al massimo 12 ore in un giorno."),
            "min_value": _("Si possono togliere al massimo 12 ore."),
        },
    )
    motivo = forms.CharField(
        label=_("Motivo della correzione"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Spiega perché correggi questa registrazione.")},
    )

    def clean_delta(self) -> Decimal:
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise forms.ValidationError(_("Una correzione di zero ore non cambia nulla."))
        return delta


class TerminaIncaricoForm(StileBootstrapMixin, forms.Form):
    """The last day of an enrolment (the service checks it against the start)."""

    data_fine = forms.DateField(label=_("Ultimo giorno di attività"), widget=_giorno())
