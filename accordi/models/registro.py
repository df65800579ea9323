"""The public registry of the collaborative city's organisations (Registro delle associazioni)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accordi.models.accordi import STATI_RISERVATI, Firmatario


class IscrizioneRegistroQuerySet(models.QuerySet):
    def in_attesa(self) -> IscrizioneRegistroQuerySet:
        """Requests staff still have to decide."""
        return self.filter(stato=IscrizioneRegistro.Stato.IN_ATTESA)

    def approvate(self) -> IscrizioneRegistroQuerySet:
        """Requests staff approved: their organisations are in the public registry."""
        return self.filter(stato=IscrizioneRegistro.Stato.APPROVATA)


class IscrizioneRegistro(models.Model):
    """An organisation's request to be listed in the public registry, and staff's decision."""

    class Stato(models.TextChoices):
        IN_ATTESA = "in_attesa", _("in attesa")
        APPROVATA = "approvata", _("approvata")
        RESPINTA = "respinta", _("respinta")

    ente = models.OneToOneField(
        "quartieri.Ente",
        on_delete=models.CASCADE,
        related_name="iscrizione_registro",
        verbose_name=_("ente"),
    )
    stato = models.CharField(
        _("stato"), max_length=20, choices=Stato, default=Stato.IN_ATTESA, db_index=True
    )
    # Never shown publicly: staff use it to answer the request.
    email_contatto = models.EmailField(_("e-mail di chi ha fatto la richiesta"))
    richiesta_il = models.DateTimeField(_("richiesta il"), default=timezone.now)
    decisa_il = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decisa_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="iscrizioni_decise",
        verbose_name=_("decisa da"),
        null=True,
        blank=True,
    )
    motivo_rifiuto = models.TextField(_("motivo del rifiuto"), blank=True)

    objects = IscrizioneRegistroQuerySet.as_manager()

    class Meta:
        verbose_name = _("iscrizione al registro")
        verbose_name_plural = _("iscrizioni al registro")
        ordering = ["-richiesta_il"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stato="respinta") | ~Q(motivo_rifiuto=""),
                name="iscrizione_respinta_con_motivo",
            ),
            models.CheckConstraint(
                condition=Q(stato="in_attesa") | Q(decisa_il__isnull=False),
                name="iscrizione_decisa_con_data",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ente} ({self.get_stato_display()})"

    def clean(self) -> None:
        if self.stato == self.Stato.RESPINTA and not self.motivo_rifiuto:
            raise ValidationError(
                {"motivo_rifiuto": _("Scrivi il motivo: sarà comunicato a chi ha fatto richiesta.")}
            )


def enti_nel_registro(enti: models.QuerySet | None = None) -> models.QuerySet:
    """Organisations in the public registry.

    Those whose request staff approved, plus those that signed a public
    agreement without ever asking (their name is already public there). An
    organisation with a pending or rejected request stays out: nothing is
    public before approval. The Comune's own offices are not associations and
    stay out.
    """
    from quartieri.models import Ente

    enti = Ente.objects.all() if enti is None else enti
    firmatario_di_accordo_pubblico = Firmatario.objects.filter(ente=OuterRef("pk")).exclude(
        accordo__stato__in=STATI_RISERVATI
    )
    return enti.exclude(forma_giuridica=Ente.FormaGiuridica.UFFICIO_COMUNALE).filter(
        Q(iscrizione_registro__stato=IscrizioneRegistro.Stato.APPROVATA)
        | (Q(iscrizione_registro__isnull=True) & Exists(firmatario_di_accordo_pubblico))
    )
