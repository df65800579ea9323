"""Help for citizens: frequently asked questions and reports of a disservice
(modello Comuni criteria C.SI.2.3 and C.SI.2.4)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.contenuti import ogni_parola_in


class GruppoFaq(models.Model):
    """A heading the questions are grouped under: "Case di Quartiere", "Volontariato", ..."""

    nome = models.CharField(_("nome"), max_length=100, unique=True)
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("gruppo di domande frequenti")
        verbose_name_plural = _("gruppi di domande frequenti")
        ordering = ["ordine", "nome"]

    def __str__(self) -> str:
        return self.nome


class FaqQuerySet(models.QuerySet):
    def pubblicate(self) -> FaqQuerySet:
        """Questions staff published."""
        return self.filter(pubblicata=True)

    def cerca(self, testo: str) -> FaqQuerySet:
        """Questions whose question or answer holds every word of `testo` (any case)."""
        return self.filter(ogni_parola_in(("domanda", "risposta"), testo))


class Faq(models.Model):
    """A frequently asked question and its answer."""

    gruppo = models.ForeignKey(
        GruppoFaq, on_delete=models.PROTECT, related_name="faq", verbose_name=_("gruppo")
    )
    domanda = models.CharField(_("domanda"), max_length=300)
    risposta = models.TextField(_("risposta"))
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)
    pubblicata = models.BooleanField(_("pubblicata"), default=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    objects = FaqQuerySet.as_manager()

    class Meta:
        verbose_name = _("domanda frequente")
        verbose_name_plural = _("domande frequenti")
        ordering = ["gruppo__ordine", "gruppo__nome", "ordine", "pk"]

    def __str__(self) -> str:
        return self.domanda


def percorso_foto(segnalazione: Segnalazione, nome_file: str) -> str:
    """A random name: a reporter's photo must not be found by guessing its address."""
    return f"segnalazioni/{uuid.uuid4().hex}{PurePath(nome_file).suffix.lower()}"


class Segnalazione(models.Model):
    """A citizen's report of something that does not work, handled by council staff.

    Anonymous reports are allowed: the e-mail address is optional and only
    serves to send the reference number and the reply.
    """

    class Categoria(models.TextChoices):
        LUOGO = "luogo", _("Edificio, spazi o arredi di una Casa")
        SERVIZIO = "servizio", _("Servizio non erogato o diverso da come descritto")
        ATTIVITA = "attivita", _("Attività o evento")
        ACCESSIBILITA = "accessibilita", _("Barriere e accessibilità")
        SITO = "sito", _("Questo sito web")
        ALTRO = "altro", _("Altro")

    class Stato(models.TextChoices):
        RICEVUTA = "ricevuta", _("ricevuta")
        IN_LAVORAZIONE = "in_lavorazione", _("in lavorazione")
        RISOLTA = "risolta", _("risolta")
        NON_ACCOLTA = "non_accolta", _("non accolta")

    categoria = models.CharField(_("categoria"), max_length=20, choices=Categoria)
    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="segnalazioni",
        verbose_name=_("Casa o luogo"),
    )
    indirizzo = models.CharField(
        _("indirizzo o punto preciso"),
        max_length=200,
        blank=True,
        help_text=_("Per esempio «via Roma 12» o «la sala grande al primo piano»."),
    )
    oggetto = models.CharField(_("oggetto"), max_length=150)
    descrizione = models.TextField(_("descrizione"), max_length=2000)
    foto = models.ImageField(
        _("foto"),
        upload_to=percorso_foto,
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    email = models.EmailField(_("e-mail per la risposta"), blank=True)
    stato = models.CharField(
        _("stato"), max_length=20, choices=Stato, default=Stato.RICEVUTA, db_index=True
    )
    risposta = models.TextField(_("risposta"), blank=True)
    conferma_inviata_il = models.DateTimeField(_("conferma inviata il"), null=True, blank=True)
    risposta_inviata_il = models.DateTimeField(_("risposta inviata il"), null=True, blank=True)
    created_at = models.DateTimeField(_("ricevuta il"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        verbose_name = _("segnalazione di disservizio")
        verbose_name_plural = _("segnalazioni di disservizio")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.riferimento} – {self.oggetto}"

    @property
    def riferimento(self) -> str:
        """The number the citizen quotes: year of receipt and a progressive number."""
        return f"SD-{self.created_at:%Y}-{self.pk:06d}"

    # The states in which staff are done with a report: its personal data then has a term.
    STATI_CHIUSI = (Stato.RISOLTA, Stato.NON_ACCOLTA)
