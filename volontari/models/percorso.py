"""The path into service: applications and the enrolments they become."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.ruoli import e_staff_comunale
from volontari.models.opportunita import Opportunita
from volontari.models.profilo import Volontario

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User


class CandidaturaQuerySet(models.QuerySet):
    def da_valutare(self) -> CandidaturaQuerySet:
        """Applications still waiting for a tutor's answer."""
        return self.filter(stato=Candidatura.Stato.INVIATA)

    def decidibili_da(self, user: User | AnonymousUser) -> CandidaturaQuerySet:
        """Applications `user` may accept or decline: the opportunity's tutors and staff."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(opportunita__tutor=user)


class Candidatura(models.Model):
    """A volunteer's application to an opportunity."""

    class Stato(models.TextChoices):
        INVIATA = "inviata", _("inviata")
        ACCETTATA = "accettata", _("accettata")
        RIFIUTATA = "rifiutata", _("non accolta")
        RITIRATA = "ritirata", _("ritirata")

    volontario = models.ForeignKey(
        Volontario,
        on_delete=models.CASCADE,
        related_name="candidature",
        verbose_name=_("volontario"),
    )
    opportunita = models.ForeignKey(
        Opportunita,
        on_delete=models.CASCADE,
        related_name="candidature",
        verbose_name=_("opportunità"),
    )
    messaggio = models.TextField(_("messaggio al tutor"), blank=True, max_length=2000)
    stato = models.CharField(
        _("stato"), max_length=20, choices=Stato, default=Stato.INVIATA, db_index=True
    )
    risposta = models.TextField(_("risposta del tutor"), blank=True, max_length=2000)
    decisa_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="candidature_decise",
        verbose_name=_("decisa da"),
        null=True,
        blank=True,
    )
    decisa_il = models.DateTimeField(_("decisa il"), null=True, blank=True)
    # Sent-once markers: a task retried or enqueued twice does not mail twice.
    avviso_tutor_inviato_il = models.DateTimeField(
        _("avviso ai tutor inviato il"), null=True, blank=True
    )
    esito_inviato_il = models.DateTimeField(_("esito inviato il"), null=True, blank=True)
    created_at = models.DateTimeField(_("inviata il"), default=timezone.now)

    objects = CandidaturaQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volontario", "opportunita"],
                condition=Q(stato="inviata"),
                name="candidatura_una_in_attesa",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volontario} → {self.opportunita}"

    def decidibile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as CandidaturaQuerySet.decidibili_da, for one application already loaded."""
        return self.opportunita.seguita_da(user)


class IncaricoQuerySet(models.QuerySet):
    def attivi(self, il: dt.date | None = None) -> IncaricoQuerySet:
        """Enrolments in force on day `il` (today if not given)."""
        il = il or timezone.localdate()
        return self.filter(data_inizio__lte=il).filter(
            Q(data_fine__isnull=True) | Q(data_fine__gte=il)
        )

    def occupati_per_opportunita(self, il: dt.date) -> dict[int, int]:
        """How many of these enrolments are in force on day `il`, by opportunity id: the
        places taken that con_posti_liberi() subtracts, for every opportunity in one query."""
        conteggi = self.attivi(il).order_by().values_list("opportunita").annotate(Count("pk"))
        return dict(conteggi)

    def visibili_a(self, user: User | AnonymousUser) -> IncaricoQuerySet:
        """Enrolments `user` may see: their own, their opportunities', their places'; staff all."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(volontario__user=user) | Q(opportunita__in=Opportunita.objects.gestibili_da(user))
        )

    def gestibili_da(self, user: User | AnonymousUser) -> IncaricoQuerySet:
        """Enrolments `user` may log hours for on others' behalf or end: tutors, the place's
        community managers, staff."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(opportunita__in=Opportunita.objects.gestibili_da(user))


class Incarico(models.Model):
    """An enrolment: a volunteer serving in an opportunity from a start date."""

    volontario = models.ForeignKey(
        Volontario,
        on_delete=models.PROTECT,
        related_name="incarichi",
        verbose_name=_("volontario"),
    )
    opportunita = models.ForeignKey(
        Opportunita,
        on_delete=models.PROTECT,
        related_name="incarichi",
        verbose_name=_("opportunità"),
    )
    candidatura = models.OneToOneField(
        Candidatura,
        on_delete=models.SET_NULL,
        related_name="incarico",
        verbose_name=_("candidatura"),
        null=True,
        blank=True,
    )
    data_inizio = models.DateField(_("inizio dell'attività"))
    data_fine = models.DateField(_("fine dell'attività"), null=True, blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    objects = IncaricoQuerySet.as_manager()

    class Meta:
        verbose_name = _("incarico")
        verbose_name_plural = _("incarichi")
        ordering = ["-data_inizio", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_fine__isnull=True) | Q(data_fine__gte=F("data_inizio")),
                name="incarico_date_ordinate",
            ),
            models.UniqueConstraint(
                fields=["volontario", "opportunita"],
                condition=Q(data_fine__isnull=True),
                name="incarico_uno_aperto",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volontario} – {self.opportunita}"

    def clean(self) -> None:
        if self.data_fine and self.data_inizio and self.data_fine < self.data_inizio:
            raise ValidationError({"data_fine": _("L'incarico non può finire prima di iniziare.")})

    def attivo_il(self, data: dt.date) -> bool:
        """Whether the enrolment is in force on `data`."""
        return self.data_inizio <= data and (self.data_fine is None or self.data_fine >= data)

    @property
    def attivo(self) -> bool:
        return self.attivo_il(timezone.localdate())

    def gestibile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as IncaricoQuerySet.gestibili_da, for one enrolment already loaded."""
        if e_staff_comunale(user):
            return True
        if not user.is_authenticated:
            return False
        return Incarico.objects.gestibili_da(user).filter(pk=self.pk).exists()
