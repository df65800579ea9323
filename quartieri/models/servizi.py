"""Proximity services offered at a place, grouped in staff-managed categories."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from quartieri.models.luoghi import FasciaOrariaBase


class CategoriaServizio(models.Model):
    """Portierato sociale, punto di ritiro pacchi, facilitazione digitale, ..."""

    nome = models.CharField(_("nome"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    descrizione = models.TextField(_("descrizione"), blank=True)
    icona = models.CharField(
        _("icona"), max_length=50, blank=True, help_text=_("Nome di un'icona di Bootstrap Italia.")
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("categoria di servizio")
        verbose_name_plural = _("categorie di servizio")
        ordering = ["ordine", "nome"]

    def __str__(self) -> str:
        return self.nome


class ServizioQuerySet(models.QuerySet):
    def pubblicati(self) -> ServizioQuerySet:
        """Published services at published places."""
        return self.filter(pubblicato=True, luogo__pubblicato=True)

    def aperti_il(self, momento: dt.datetime) -> ServizioQuerySet:
        """Services open at `momento`, computed in the database with quartieri.orari's rules.

        A service on its place's hours is open when the place is; one with its own
        slots follows them, except on the place's exception days, whose slots
        replace them (a closure has none).
        """
        from quartieri.models.luoghi import EccezioneOrario, Luogo
        from quartieri.orari import fuso_orario

        locale = momento.astimezone(fuso_orario())
        giorno, ora = locale.date(), locale.time()
        eccezioni_del_giorno = EccezioneOrario.objects.filter(
            luogo=OuterRef("luogo"), data_inizio__lte=giorno, data_fine__gte=giorno
        )
        apertura_speciale = eccezioni_del_giorno.filter(
            tipo=EccezioneOrario.Tipo.APERTURA, apre__lte=ora, chiude__gt=ora
        )
        fascia_propria = FasciaOrariaServizio.objects.filter(
            servizio=OuterRef("pk"), giorno=giorno.weekday(), apre__lte=ora, chiude__gt=ora
        )
        return self.filter(
            Q(usa_orari_luogo=True, luogo__in=Luogo.objects.aperti_il(momento).values("pk"))
            | Q(usa_orari_luogo=False)
            & ((Exists(fascia_propria) & ~Exists(eccezioni_del_giorno)) | Exists(apertura_speciale))
        )


class Servizio(models.Model):
    """A service offered at a place: its own hours, or the place's."""

    class Pubblico(models.TextChoices):
        TUTTI = "tutti", _("tutti")
        BAMBINI = "bambini", _("bambini")
        RAGAZZI = "ragazzi", _("ragazze e ragazzi")
        FAMIGLIE = "famiglie", _("famiglie")
        ADULTI = "adulti", _("adulti")
        ANZIANI = "anziani", _("anziani")

    luogo = models.ForeignKey(
        "quartieri.Luogo", on_delete=models.CASCADE, related_name="servizi", verbose_name=_("luogo")
    )
    categoria = models.ForeignKey(
        CategoriaServizio,
        on_delete=models.PROTECT,
        related_name="servizi",
        verbose_name=_("categoria"),
    )
    titolo = models.CharField(_("titolo"), max_length=200)
    descrizione = models.TextField(_("descrizione"), blank=True)
    usa_orari_luogo = models.BooleanField(
        _("stessi orari del luogo"),
        default=True,
        help_text=_("Se non è spuntato, valgono le fasce orarie proprie del servizio."),
    )
    prenotazione = models.BooleanField(_("su prenotazione"), default=False)
    gratuito = models.BooleanField(_("gratuito"), default=True)
    costo = models.CharField(_("costo"), max_length=100, blank=True)
    pubblico = models.CharField(
        _("a chi si rivolge"), max_length=20, choices=Pubblico, default=Pubblico.TUTTI
    )
    argomenti = models.ManyToManyField(
        "portal.Argomento", related_name="servizi", verbose_name=_("argomenti"), blank=True
    )
    pubblicato = models.BooleanField(_("pubblicato"), default=True)

    objects = ServizioQuerySet.as_manager()

    class Meta:
        verbose_name = _("servizio di prossimità")
        verbose_name_plural = _("servizi di prossimità")
        ordering = ["categoria__ordine", "titolo", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gratuito=True) | ~Q(costo=""), name="servizio_a_pagamento_ha_costo"
            ),
        ]

    def __str__(self) -> str:
        return self.titolo


class FasciaOrariaServizio(FasciaOrariaBase):
    servizio = models.ForeignKey(
        Servizio, on_delete=models.CASCADE, related_name="fasce_orarie", verbose_name=_("servizio")
    )

    class Meta(FasciaOrariaBase.Meta):
        verbose_name = _("fascia oraria del servizio")
        verbose_name_plural = _("fasce orarie del servizio")
        constraints = [
            models.CheckConstraint(
                condition=Q(chiude__gt=models.F("apre")), name="fascia_servizio_ordinata"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_giorno_display()} {self.apre:%H:%M}–{self.chiude:%H:%M}"
