"""The public forms of the help pages: FAQ search and the disservice report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartieri.forms.luoghi import StileBootstrapMixin
from quartieri.models import Luogo, Segnalazione

# Photos come from phones: a few megabytes is plenty, more is a mistake or abuse.
FOTO_MAX_BYTE = 5 * 1024 * 1024


class FaqRicercaForm(forms.Form):
    q = forms.CharField(label=_("Cerca tra le domande"), max_length=100, required=False)


class SegnalazioneForm(StileBootstrapMixin, forms.ModelForm):
    """A disservice report: anonymous unless the person leaves an e-mail address."""

    privacy = forms.BooleanField(
        label=_("Ho letto l'informativa sul trattamento dei dati personali"),
        error_messages={"required": _("Per inviare la segnalazione serve la presa visione.")},
    )

    class Meta:
        model = Segnalazione
        fields = ["categoria", "luogo", "indirizzo", "oggetto", "descrizione", "foto", "email"]
        widgets = {"descrizione": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}
        help_texts = {
            "oggetto": _("In poche parole, per esempio «Ascensore fermo»."),
            "foto": _("Facoltativa: JPEG, PNG o WebP, al massimo 5 MB. Non fotografare persone."),
            "email": _(
                "Facoltativa: per ricevere il numero della segnalazione e la risposta. "
                "Senza, la segnalazione è anonima."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["luogo"].queryset = Luogo.objects.pubblicati().order_by("nome")
        self.fields["luogo"].empty_label = _("Nessuna in particolare")
        self.fields["categoria"].choices = [
            ("", _("Scegli una categoria")),
            *Segnalazione.Categoria.choices,
        ]

    def clean_foto(self):
        foto = self.cleaned_data.get("foto")
        if foto and foto.size > FOTO_MAX_BYTE:
            raise forms.ValidationError(_("La foto supera i 5 MB: riducila e riprova."))
        return foto

    def clean(self) -> dict:
        dati = super().clean()
        senza_luogo = not dati.get("luogo") and not dati.get("indirizzo", "").strip()
        if senza_luogo and dati.get("categoria") not in (None, "", Segnalazione.Categoria.SITO):
            self.add_error(
                "indirizzo",
                _("Indica la Casa o il luogo, oppure scrivi dove si trova il problema."),
            )
        return dati
