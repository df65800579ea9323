"""The hours ledger: entries are approved once and never change; corrections are new entries."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from portal.ruoli import e_staff_comunale
from quartieri.models import Luogo, Resoconto
from volontari.models.opportunita import Opportunita, pk_seguite_o_nei_luoghi_di
from volontari.models.percorso import Incarico

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

QUARTO_D_ORA = Decimal("0.25")
MASSIMO_ORE_AL_GIORNO = Decimal("12")


def valida_quarti_d_ora(valore: Decimal) -> None:
    """Hours are counted in quarter-hour steps."""
    if valore is not None and valore % QUARTO_D_ORA != 0:
        raise ValidationError(
            _("Le ore si contano a quarti d'ora: per esempio 1, 1,25, 1,5 o 1,75."),
            code="quarti_d_ora",
        )


def resoconti_con_ore_registrabili_da(user: User | AnonymousUser) -> QuerySet[Resoconto]:
    """Activity logs whose registered volunteers' hours `user` may enter: the place's
    community managers, the tutors of opportunities at that place, staff."""
    if e_staff_comunale(user):
        return Resoconto.objects.all()
    if not user.is_authenticated:
        return Resoconto.objects.none()
    luoghi_dei_tutor = Opportunita.objects.filter(tutor=user).values("luogo")
    return Resoconto.objects.filter(
        Q(occorrenza__attivita__luogo__in=Luogo.objects.gestibili_da(user))
        | Q(occorrenza__attivita__luogo__in=luoghi_dei_tutor)
    )


def resoconto_con_ore_registrabile_da(resoconto: Resoconto, user: User | AnonymousUser) -> bool:
    """Same rule as resoconti_con_ore_registrabili_da, for one log already loaded."""
    return resoconti_con_ore_registrabili_da(user).filter(pk=resoconto.pk).exists()


class OreVolontariatoQuerySet(models.QuerySet):
    def approvate(self) -> OreVolontariatoQuerySet:
        """Entries a tutor approved: the only ones that count in totals and certificates."""
        return self.filter(stato=OreVolontariato.Stato.APPROVATA)

    def in_attesa(self) -> OreVolontariatoQuerySet:
        """Entries waiting for a tutor's decision."""
        return self.filter(stato=OreVolontariato.Stato.IN_ATTESA)

    def che_contano(self) -> OreVolontariatoQuerySet:
        """Entries that count against the daily cap and the no-double-entry rule."""
        return self.exclude(stato=OreVolontariato.Stato.RIFIUTATA)

    def totale(self) -> Decimal:
        """The sum of the entries' hours (corrections carry signed deltas)."""
        return self.aggregate(totale=Sum("ore"))["totale"] or Decimal("0")

    def per_progetto(self) -> OreVolontariatoQuerySet:
        """Rows of `progetto` (an accordi.Progetto pk) and `ore_totali`, one per project."""
        return (
            self.filter(incarico__opportunita__progetto__isnull=False)
            .order_by()
            .values(progetto=models.F("incarico__opportunita__progetto"))
            .annotate(ore_totali=Sum("ore"))
        )

    def visibili_a(self, user: User | AnonymousUser) -> OreVolontariatoQuerySet:
        """Entries `user` may see: their own, their opportunities', their places'; staff all."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(incarico__in=Incarico.objects.visibili_a(user))

    def approvabili_da(self, user: User | AnonymousUser) -> OreVolontariatoQuerySet:
        """Pending entries `user` may approve or reject: the opportunity's tutors and the place's
        community managers, staff all; nobody their own."""
        if not user.is_authenticated:
            return self.none()
        pendenti = self.in_attesa().exclude(incarico__volontario__user=user)
        if e_staff_comunale(user):
            return pendenti
        # One query: the UNION lets the planner start from the user's few opportunities,
        # then their enrolments, then the partial index of pending entries.
        return pendenti.filter(incarico__opportunita_id__in=pk_seguite_o_nei_luoghi_di(user))


class OreVolontariato(models.Model):
    """One ledger entry: hours a volunteer gave on one day in one enrolment.

    Totals are always SUM(ore) of approved entries. An approved entry never
    changes: a correction is a new entry with a signed delta (e.g. -1.5) that
    references the entry it corrects and says why.
    """

    class Stato(models.TextChoices):
        IN_ATTESA = "in_attesa", _("in attesa di approvazione")
        APPROVATA = "approvata", _("approvata")
        RIFIUTATA = "rifiutata", _("non approvata")

    incarico = models.ForeignKey(
        Incarico, on_delete=models.PROTECT, related_name="ore", verbose_name=_("incarico")
    )
    data = models.DateField(_("giorno"))
    ore = models.DecimalField(
        _("ore"),
        max_digits=4,
        decimal_places=2,
        validators=[valida_quarti_d_ora],
        help_text=_("A quarti d'ora, al massimo 12 al giorno."),
    )
    attivita_svolta = models.TextField(_("attività svolta"), max_length=1000)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato, default=Stato.IN_ATTESA)
    motivo_rifiuto = models.TextField(_("motivo della mancata approvazione"), blank=True)
    inserita_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="ore_inserite",
        verbose_name=_("inserita da"),
        null=True,
        blank=True,
    )
    approvata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="ore_decise",
        verbose_name=_("decisa da"),
        null=True,
        blank=True,
    )
    approvata_il = models.DateTimeField(_("decisa il"), null=True, blank=True)
    corregge = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="correzioni",
        verbose_name=_("corregge la registrazione"),
        null=True,
        blank=True,
    )
    motivo_correzione = models.TextField(_("motivo della correzione"), blank=True)
    resoconto = models.ForeignKey(
        "quartieri.Resoconto",
        on_delete=models.SET_NULL,
        related_name="ore_volontari",
        verbose_name=_("resoconto dell'attività"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)

    objects = OreVolontariatoQuerySet.as_manager()

    class Meta:
        verbose_name = _("ore di volontariato")
        verbose_name_plural = _("ore di volontariato")
        ordering = ["-data", "-pk"]
        indexes = [
            # The volunteer's area and the daily cap: entries of a few enrolments by day.
            models.Index(fields=["incarico", "data"], name="ore_incarico_data"),
            # The tutors' approval queue: only pending rows, a small slice of the ledger.
            models.Index(
                fields=["incarico", "data"],
                condition=Q(stato="in_attesa"),
                name="ore_in_attesa",
            ),
        ]
        constraints = [
            # No double counting: one original entry per enrolment and day (rejected
            # entries and corrections do not count).
            models.UniqueConstraint(
                fields=["incarico", "data"],
                condition=Q(corregge__isnull=True) & ~Q(stato="rifiutata"),
                name="ore_una_per_incarico_e_giorno",
                violation_error_message=_(
                    "Le ore di questo giorno per questo incarico sono già registrate."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ore__gte=-MASSIMO_ORE_AL_GIORNO, ore__lte=MASSIMO_ORE_AL_GIORNO)
                & ~Q(ore=0),
                name="ore_entro_il_massimo",
            ),
            models.CheckConstraint(
                condition=Q(corregge__isnull=False) | Q(ore__gt=0),
                name="ore_positive_salvo_correzioni",
            ),
            models.CheckConstraint(
                condition=Q(corregge__isnull=True) | ~Q(motivo_correzione=""),
                name="ore_correzione_motivata",
            ),
            models.CheckConstraint(
                condition=~Q(stato="rifiutata") | ~Q(motivo_rifiuto=""),
                name="ore_rifiuto_motivato",
            ),
            models.CheckConstraint(
                condition=Q(stato="in_attesa") | Q(approvata_il__isnull=False),
                name="ore_decisione_datata",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data:%d/%m/%Y}: {self.ore} h"

    def clean(self) -> None:
        errori: dict[str, list] = {}
        if self.ore is not None:
            if self.corregge_id is None and self.ore <= 0:
                errori.setdefault("ore", []).append(_("Indica almeno un quarto d'ora."))
            if self.ore == 0:
                errori.setdefault("ore", []).append(
                    _("Una correzione di zero ore non cambia nulla.")
                )
            if abs(self.ore) > MASSIMO_ORE_AL_GIORNO:
                errori.setdefault("ore", []).append(_("Al massimo 12 ore in un giorno."))
        if self.corregge_id and not self.motivo_correzione.strip():
            errori.setdefault("motivo_correzione", []).append(
                _("Spiega perché correggi questa registrazione.")
            )
        if self.stato == self.Stato.RIFIUTATA and not self.motivo_rifiuto.strip():
            errori.setdefault("motivo_rifiuto", []).append(
                _("Spiega al volontario perché le ore non sono approvate.")
            )
        if errori:
            raise ValidationError(errori)

    @property
    def approvata(self) -> bool:
        return self.stato == self.Stato.APPROVATA

    def approvabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as OreVolontariatoQuerySet.approvabili_da, for one entry already loaded."""
        return OreVolontariato.objects.approvabili_da(user).filter(pk=self.pk).exists()
