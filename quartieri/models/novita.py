"""News of the Comune and of the Case di Quartiere: avvisi, comunicati, notizie."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.ruoli import e_staff_comunale
from quartieri.models.luoghi import Luogo

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User


class TipoNovita(models.TextChoices):
    """The modello Comuni's kinds of news, each with its own list page."""

    AVVISO = "avviso", _("avviso")
    COMUNICATO = "comunicato", _("comunicato")
    NOTIZIA = "notizia", _("notizia")


# The path segment and the list page's title of each kind: the validator reads the
# titles of the links to these pages (data-element="news-category-link").
PAGINE_TIPO = {
    TipoNovita.AVVISO: ("avvisi", _("Avvisi")),
    TipoNovita.COMUNICATO: ("comunicati", _("Comunicati")),
    TipoNovita.NOTIZIA: ("notizie", _("Notizie")),
}


class NovitaQuerySet(models.QuerySet):
    def pubblicate(self, adesso: dt.datetime | None = None) -> NovitaQuerySet:
        """News whose publication date has come, of the Comune or of a published place."""
        adesso = adesso or timezone.now()
        return self.filter(
            Q(luogo__isnull=True) | Q(luogo__pubblicato=True), data_pubblicazione__lte=adesso
        )

    def modificabili_da(self, user: User | AnonymousUser) -> NovitaQuerySet:
        """News `user` may write and change: staff all, a community manager their places'."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(luogo__in=Luogo.objects.gestibili_da(user))

    def visibili_a(self, user: User | AnonymousUser) -> NovitaQuerySet:
        """What `user` may read: the published news, and before publication what they may edit."""
        return self.pubblicate() | self.modificabili_da(user)


class Novita(models.Model):
    """An avviso, comunicato or notizia, of the Comune (no place) or of one Casa."""

    Tipo = TipoNovita

    tipo = models.CharField(
        _("tipo"), max_length=20, choices=TipoNovita, default=TipoNovita.NOTIZIA
    )
    titolo = models.CharField(_("titolo"), max_length=200)
    sommario = models.CharField(
        _("sommario"),
        max_length=300,
        help_text=_("Una o due frasi: compaiono negli elenchi, nel feed e nelle ricerche."),
    )
    testo = models.TextField(_("testo"))
    luogo = models.ForeignKey(
        Luogo,
        on_delete=models.CASCADE,
        related_name="novita",
        verbose_name=_("Casa o luogo"),
        help_text=_("Vuoto per le novità del Comune."),
        null=True,
        blank=True,
    )
    argomenti = models.ManyToManyField(
        "portal.Argomento", related_name="novita", verbose_name=_("argomenti"), blank=True
    )
    data_pubblicazione = models.DateTimeField(
        _("data di pubblicazione"),
        default=timezone.now,
        db_index=True,
        help_text=_("Con una data futura la novità resta nascosta fino ad allora."),
    )
    autore = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="novita_scritte",
        verbose_name=_("autore"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    objects = NovitaQuerySet.as_manager()

    class Meta:
        verbose_name = _("novità")
        verbose_name_plural = _("novità")
        ordering = ["-data_pubblicazione", "-pk"]

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("quartieri:novita_dettaglio", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if not self.testo.strip():
            raise ValidationError({"testo": _("Scrivi il testo della novità.")})

    @property
    def pubblicata(self) -> bool:
        return self.data_pubblicazione <= timezone.now()

    def modificabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as NovitaQuerySet.modificabili_da, for one news item already loaded."""
        if e_staff_comunale(user):
            return True
        return self.luogo is not None and self.luogo.gestibile_da(user)
