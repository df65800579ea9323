"""Forms of the management area for participation bodies: meetings, requests, answers."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.ruoli import GRUPPO_TUTOR
from portal.validators import valida_data_plausibile
from quartieri.forms.luoghi import StileBootstrapMixin
from quartieri.models import Ente, Luogo, Organismo, Richiesta, Riunione


def _momento() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RiunioneForm(StileBootstrapMixin, forms.ModelForm):
    """A meeting of one body: the body comes from the URL, members present from its roster."""

    class Meta:
        model = Riunione
        fields = [
            "inizio",
            "fine",
            "luogo",
            "luogo_testo",
            "ordine_del_giorno",
            "partecipanti",
            "presenti",
            "verbale",
            "verbale_pdf",
            "decisioni",
        ]
        widgets = {
            "inizio": _momento(),
            "fine": _momento(),
            "ordine_del_giorno": forms.Textarea(attrs={"rows": 4}),
            "verbale": forms.Textarea(attrs={"rows": 8}),
            "decisioni": forms.Textarea(attrs={"rows": 4}),
            "partecipanti": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "presenti": forms.CheckboxSelectMultiple,
            "verbale_pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, organismo: Organismo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organismo = organismo
        self.fields["luogo"].queryset = Luogo.objects.only("pk", "nome").order_by("nome")
        self.fields["presenti"].queryset = organismo.membri.select_related(
            "ente", "utente"
        ).order_by("ruolo", "pk")


class RichiestaForm(StileBootstrapMixin, forms.ModelForm):
    """A request a body sends to an office of the Comune, from one of its meetings."""

    class Meta:
        model = Richiesta
        fields = ["titolo", "testo", "riunione", "ufficio", "responsabile", "inviata_il"]
        widgets = {
            "testo": forms.Textarea(attrs={"rows": 6}),
            "inviata_il": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "responsabile": _("La persona dell'ufficio che risponde: riceve i solleciti."),
            "inviata_il": _("La risposta è attesa entro i giorni fissati dal Comune."),
        }

    def __init__(self, *args, organismo: Organismo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organismo = organismo
        # The due date is computed from it (registra_richiesta): no overflow near year 9999.
        self.fields["inviata_il"].validators.append(valida_data_plausibile)
        self.fields["riunione"].queryset = organismo.riunioni.order_by("-inizio")
        self.fields["ufficio"].queryset = Ente.objects.filter(
            forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE
        ).only("pk", "nome")
        # Owners are council employees (staff or tutors): never a citizen's account.
        self.fields["responsabile"].queryset = (
            get_user_model()
            .objects.filter(Q(is_staff=True) | Q(groups__name=GRUPPO_TUTOR), is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )


class RispostaForm(StileBootstrapMixin, forms.Form):
    """The office's answer to a request."""

    risposta = forms.CharField(
        label=_("Risposta"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Scrivi il testo della risposta.")},
    )
