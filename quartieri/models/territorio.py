"""The territory: comuni, their territorial areas, neighbourhoods and villages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LATITUDINE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDINE = [MinValueValidator(-180), MaxValueValidator(180)]


class Comune(models.Model):
    """A municipality. One deployment may serve several (a district)."""

    nome = models.CharField(_("nome"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    codice_istat = models.CharField(
        _("codice ISTAT"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("Il codice ISTAT ha 6 cifre."))],
    )
    lat = models.FloatField(_("latitudine del centro"), validators=LATITUDINE)
    lon = models.FloatField(_("longitudine del centro"), validators=LONGITUDINE)

    class Meta:
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome


class AmbitoTerritoriale(models.Model):
    """A group of neighbourhoods (Reggio Emilia: 9 ambiti, each with its Consulta).

    Each city groups differently, so the grouping is data. Not to be confused
    with "ambito" as a policy theme (see accordi).
    """

    comune = models.ForeignKey(
        Comune, on_delete=models.PROTECT, related_name="ambiti", verbose_name=_("comune")
    )
    codice = models.CharField(_("codice"), max_length=10)
    nome = models.CharField(_("nome"), max_length=100)
    descrizione = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("ambito territoriale")
        verbose_name_plural = _("ambiti territoriali")
        ordering = ["comune__nome", "codice"]
        constraints = [
            models.UniqueConstraint(fields=["comune", "codice"], name="ambito_codice_unico")
        ]

    def __str__(self) -> str:
        return self.nome


class Quartiere(models.Model):
    """A neighbourhood or outlying village, with an approximate centre point."""

    class Tipo(models.TextChoices):
        QUARTIERE = "quartiere", _("quartiere")
        FRAZIONE = "frazione", _("frazione")

    comune = models.ForeignKey(
        Comune, on_delete=models.PROTECT, related_name="quartieri", verbose_name=_("comune")
    )
    ambito = models.ForeignKey(
        AmbitoTerritoriale,
        on_delete=models.PROTECT,
        related_name="quartieri",
        verbose_name=_("ambito territoriale"),
        null=True,
        blank=True,
    )
    nome = models.CharField(_("nome"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo, default=Tipo.QUARTIERE)
    lat = models.FloatField(_("latitudine del centro"), validators=LATITUDINE)
    lon = models.FloatField(_("longitudine del centro"), validators=LONGITUDINE)
    fonte_coordinate = models.CharField(_("fonte delle coordinate"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quartiere o frazione")
        verbose_name_plural = _("quartieri e frazioni")
        ordering = ["nome"]
        constraints = [
            models.UniqueConstraint(fields=["comune", "slug"], name="quartiere_slug_unico"),
        ]

    def __str__(self) -> str:
        return self.nome

    def clean(self) -> None:
        if self.ambito_id and self.comune_id and self.ambito.comune_id != self.comune_id:
            raise ValidationError({"ambito": _("L'ambito appartiene a un altro comune.")})
