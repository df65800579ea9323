"""Organisations (enti): who runs the houses and signs the agreements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.validators import valida_codice_fiscale_ente


class Settore(models.Model):
    """A field an organisation works in (social, culture, sport, ...)."""

    nome = models.CharField(_("nome"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("settore")
        verbose_name_plural = _("settori")
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome


class EnteQuerySet(models.QuerySet):
    def con_contatti_pubblici(self) -> EnteQuerySet:
        """Organisations that agreed to publish their contacts."""
        return self.filter(contatti_pubblici=True)


class Ente(models.Model):
    """An association, cooperative, parish, school, informal group or council office."""

    class FormaGiuridica(models.TextChoices):
        ASSOCIAZIONE = "associazione", _("associazione")
        APS = "aps", _("associazione di promozione sociale")
        ODV = "odv", _("organizzazione di volontariato")
        COOPERATIVA_SOCIALE = "cooperativa_sociale", _("cooperativa sociale")
        FONDAZIONE = "fondazione", _("fondazione")
        PARROCCHIA = "parrocchia", _("parrocchia o ente religioso")
        SCUOLA = "scuola", _("scuola")
        GRUPPO_INFORMALE = "gruppo_informale", _("gruppo informale")
        UFFICIO_COMUNALE = "ufficio_comunale", _("ufficio del Comune")
        ALTRO = "altro", _("altro")

    class SezioneRunts(models.TextChoices):
        # Registro unico nazionale del Terzo settore, art. 46 D.Lgs. 117/2017.
        A = "a", _("a) organizzazioni di volontariato")
        B = "b", _("b) associazioni di promozione sociale")
        C = "c", _("c) enti filantropici")
        D = "d", _("d) imprese sociali, incluse le cooperative sociali")
        E = "e", _("e) reti associative")
        F = "f", _("f) società di mutuo soccorso")
        G = "g", _("g) altri enti del Terzo settore")

    comune = models.ForeignKey(
        "quartieri.Comune",
        on_delete=models.PROTECT,
        related_name="enti",
        verbose_name=_("comune"),
    )
    nome = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    forma_giuridica = models.CharField(
        _("forma giuridica"), max_length=30, choices=FormaGiuridica, default=FormaGiuridica.ALTRO
    )
    # Informal groups have no codice fiscale: blank is allowed, a wrong one is not.
    codice_fiscale = models.CharField(
        _("codice fiscale"),
        max_length=11,
        blank=True,
        validators=[valida_codice_fiscale_ente],
    )
    sezione_runts = models.CharField(
        _("sezione RUNTS"), max_length=1, choices=SezioneRunts, blank=True
    )
    numero_runts = models.CharField(_("numero di iscrizione RUNTS"), max_length=30, blank=True)
    settori = models.ManyToManyField(
        Settore, related_name="enti", verbose_name=_("settori"), blank=True
    )
    quartiere = models.ForeignKey(
        "quartieri.Quartiere",
        on_delete=models.SET_NULL,
        related_name="enti",
        verbose_name=_("quartiere"),
        null=True,
        blank=True,
    )
    descrizione = models.TextField(_("descrizione"), blank=True)
    contatti_pubblici = models.BooleanField(
        _("contatti pubblicabili"),
        default=False,
        help_text=_("L'ente ha acconsentito a pubblicare i contatti qui sotto."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    telefono = models.CharField(_("telefono"), max_length=30, blank=True)
    sito = models.URLField(_("sito web"), blank=True)

    objects = EnteQuerySet.as_manager()

    class Meta:
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        ordering = ["nome"]
        constraints = [
            models.UniqueConstraint(
                fields=["codice_fiscale"],
                condition=~models.Q(codice_fiscale=""),
                name="ente_codice_fiscale_unico",
            ),
        ]

    def __str__(self) -> str:
        return self.nome
