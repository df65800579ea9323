"""Forms of the management area (gestione) and of the admin's inlines."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from portal.forms import classe_bootstrap_italia
from quartieri.models import (
    EccezioneOrario,
    FasciaOraria,
    FasciaOrariaServizio,
    Luogo,
    Servizio,
)
from quartieri.services.luoghi import (
    CAMPI_CONTENUTI_LUOGO,
    controlla_costo,
    controlla_sovrapposizioni,
)

# Empty rows shown under the existing ones: without JavaScript there is no
# "add a row" button, so a few blank rows are always there to fill in.
RIGHE_VUOTE = 3

_SI_NO_NON_SO = [("", _("Non so")), ("true", _("Sì")), ("false", _("No"))]


def _ora(**attrs) -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time", **attrs}, format="%H:%M")


def _data() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StileBootstrapMixin:
    """Give every widget the Bootstrap Italia class its kind needs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            if classe := classe_bootstrap_italia(campo.widget):
                campo.widget.attrs.setdefault("class", classe)


class LuogoPosizioneForm(StileBootstrapMixin, forms.ModelForm):
    """The point of a place's entrance; the map picker fills these two inputs."""

    class Meta:
        model = Luogo
        fields = ["lat", "lon"]
        widgets = {
            "lat": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "lon": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }
        help_texts = {
            "lat": _("In gradi decimali col punto, per esempio 44.698312."),
            "lon": _("In gradi decimali col punto, per esempio 10.631245."),
        }


class LuogoContenutiForm(StileBootstrapMixin, forms.ModelForm):
    """The page content of a place that its community manager keeps current."""

    ingresso_senza_gradini = forms.NullBooleanField(
        label=_("Ingresso senza gradini"),
        required=False,
        widget=forms.Select(choices=_SI_NO_NON_SO),
    )
    bagno_accessibile = forms.NullBooleanField(
        label=_("Bagno accessibile"), required=False, widget=forms.Select(choices=_SI_NO_NON_SO)
    )
    anello_induttivo = forms.NullBooleanField(
        label=_("Anello induttivo per protesi acustiche"),
        required=False,
        widget=forms.Select(choices=_SI_NO_NON_SO),
    )
    parcheggio_disabili = forms.NullBooleanField(
        label=_("Parcheggio riservato a disabili"),
        required=False,
        widget=forms.Select(choices=_SI_NO_NON_SO),
    )

    sito = forms.URLField(label=_("Sito web"), required=False, assume_scheme="https")

    class Meta:
        model = Luogo
        fields = list(CAMPI_CONTENUTI_LUOGO)
        widgets = {
            "descrizione": forms.Textarea(attrs={"rows": 8}),
            "telefono": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "argomenti": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "descrizione": _("Che cosa si fa nella Casa, per chi, come arrivarci."),
            "telefono": _("Il numero pubblico della Casa."),
            "email": _("L'indirizzo pubblico della Casa."),
        }

    def segnala_foto_da_riscegliere(self) -> None:
        """Say so when a chosen photo is dropped because of another error.

        A browser never refills a file field: without this the page comes back
        with the photo silently gone and the rest saved without it next time.
        """
        if self.files.get("foto") and "foto" not in self.errors:
            self.add_error(
                "foto",
                _(
                    "La foto scelta non è stata salvata perché il modulo ha altri errori: "
                    "correggili e sceglila di nuovo."
                ),
            )


class FasciaOrariaForm(StileBootstrapMixin, forms.ModelForm):
    class Meta:
        model = FasciaOraria
        fields = ["giorno", "apre", "chiude"]
        widgets = {"apre": _ora(), "chiude": _ora()}


class FasciaOrariaServizioForm(StileBootstrapMixin, forms.ModelForm):
    class Meta:
        model = FasciaOrariaServizio
        fields = ["giorno", "apre", "chiude"]
        widgets = {"apre": _ora(), "chiude": _ora()}


class RigheFormSet(BaseInlineFormSet):
    """Rows of a place or service, each with a plain "delete this row" checkbox."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Elimina questa riga")


class FasceSenzaSovrapposizioniFormSet(RigheFormSet):
    """Weekly slots: the same day may hold several, but they may not overlap."""

    def clean(self) -> None:
        super().clean()
        fasce = []
        for form in self.forms:
            dati = getattr(form, "cleaned_data", {})
            # Rows with their own errors are reported on the row itself.
            if self._should_delete_form(form) or not {"giorno", "apre", "chiude"} <= dati.keys():
                continue
            fasce.append((dati["giorno"], dati["apre"], dati["chiude"]))
        controlla_sovrapposizioni(fasce)


class EccezioneOrarioForm(StileBootstrapMixin, forms.ModelForm):
    class Meta:
        model = EccezioneOrario
        fields = ["tipo", "data_inizio", "data_fine", "apre", "chiude", "motivo"]
        widgets = {
            "data_inizio": _data(),
            "data_fine": _data(),
            "apre": _ora(),
            "chiude": _ora(),
        }
        help_texts = {
            "apre": _("Solo per un'apertura straordinaria."),
            "motivo": _("Per esempio «Festa della Liberazione» o «lavori»."),
        }


# The modello Comuni's scheda servizio sections (templates/quartieri/servizio.html).
CAMPI_SCHEDA_SERVIZIO = [
    "sospeso",
    "motivo_sospensione",
    "destinatari",
    "come_fare",
    "cosa_serve",
    "cosa_si_ottiene",
    "tempi_e_scadenze",
    "url_prenotazione",
    "condizioni",
    "ulteriori_informazioni",
]


class ServizioForm(forms.ModelForm):
    """A service of a place: the admin's form, and the base of the management one."""

    class Meta:
        model = Servizio
        fields = [
            "categoria",
            "titolo",
            "descrizione",
            "pubblico",
            "prenotazione",
            "gratuito",
            "costo",
            "usa_orari_luogo",
            "pubblicato",
            *CAMPI_SCHEDA_SERVIZIO,
            "argomenti",
        ]
        widgets = {
            "descrizione": forms.Textarea(attrs={"rows": 5}),
            "argomenti": forms.CheckboxSelectMultiple,
            **{
                campo: forms.Textarea(attrs={"rows": 3})
                for campo in (
                    "destinatari",
                    "come_fare",
                    "cosa_serve",
                    "cosa_si_ottiene",
                    "tempi_e_scadenze",
                    "ulteriori_informazioni",
                )
            },
        }
        help_texts = {
            "costo": _("Obbligatorio se il servizio non è gratuito."),
            "pubblicato": _("Togli la spunta per nascondere un servizio sospeso."),
        }

    def clean(self) -> dict:
        dati = super().clean()
        # Said here as well as in the service: the form then shows it on the field,
        # and the generic database-constraint message is never reached.
        try:
            controlla_costo(gratuito=dati.get("gratuito", True), costo=dati.get("costo", ""))
        except ValidationError as errore:
            self.add_error(None, errore)
        return dati


class ServizioGestioneForm(StileBootstrapMixin, ServizioForm):
    """A service as its community manager edits it."""


FasceOrarieFormSet = inlineformset_factory(
    Luogo,
    FasciaOraria,
    form=FasciaOrariaForm,
    formset=FasceSenzaSovrapposizioniFormSet,
    extra=RIGHE_VUOTE,
    can_delete=True,
)

EccezioniFormSet = inlineformset_factory(
    Luogo,
    EccezioneOrario,
    form=EccezioneOrarioForm,
    formset=RigheFormSet,
    extra=RIGHE_VUOTE - 1,
    can_delete=True,
)

FasceServizioFormSet = inlineformset_factory(
    Servizio,
    FasciaOrariaServizio,
    form=FasciaOrariaServizioForm,
    formset=FasceSenzaSovrapposizioniFormSet,
    extra=RIGHE_VUOTE,
    can_delete=True,
)
