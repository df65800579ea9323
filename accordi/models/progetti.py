"""Projects (schede progetto) of an agreement, their indicators and progress updates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from accordi.models.accordi import STATI_RISERVATI, Accordo, Firmatario, Tema
from portal.ruoli import e_staff_comunale

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User


class ProgettoQuerySet(models.QuerySet):
    def pubblici(self) -> ProgettoQuerySet:
        """Projects of public agreements."""
        return self.exclude(accordo__stato__in=STATI_RISERVATI)

    def visibili_a(self, user: User | AnonymousUser) -> ProgettoQuerySet:
        """Projects of the agreements `user` may see (see AccordoQuerySet.visibili_a)."""
        return self.filter(accordo__in=Accordo.objects.visibili_a(user))

    def aggiornabili_da(self, user: User | AnonymousUser) -> ProgettoQuerySet:
        """Projects `user` may post progress updates for.

        Staff: all. The agreement's architetto di quartiere: its projects. The
        referente of a signatory organisation: the projects of that agreement
        where the organisation is a partner.
        """
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated or not user.is_active:
            return self.none()
        referente_di_un_partner = Firmatario.objects.filter(
            accordo=OuterRef("accordo"), referente=user, ente__progetti_partner=OuterRef("pk")
        )
        return self.filter(
            Q(accordo__architetto_di_quartiere=user) | Exists(referente_di_un_partner)
        )

    def con_abitanti(self) -> ProgettoQuerySet:
        """Annotate `abitanti_raggiunti`: from the latest update that states them."""
        return self.annotate(
            abitanti_raggiunti=Subquery(
                AggiornamentoProgetto.objects.filter(
                    progetto=OuterRef("pk"), abitanti_raggiunti__isnull=False
                )
                .order_by("-data", "-pk")
                .values("abitanti_raggiunti")[:1]
            )
        )


class Progetto(models.Model):
    """A scheda progetto: what the parties do together under an agreement."""

    class Famiglia(models.TextChoices):
        CURA_CITTA = "cura_citta", _("cura della città")
        CURA_COMUNITA = "cura_comunita", _("cura della comunità")

    class Stato(models.TextChoices):
        PROPOSTO = "proposto", _("proposto")
        ATTIVO = "attivo", _("attivo")
        SOSPESO = "sospeso", _("sospeso")
        CONCLUSO = "concluso", _("concluso")

    accordo = models.ForeignKey(
        Accordo, on_delete=models.CASCADE, related_name="progetti", verbose_name=_("accordo")
    )
    titolo = models.CharField(_("titolo"), max_length=250)
    descrizione = models.TextField(_("descrizione"), blank=True)
    obiettivi = models.TextField(_("obiettivi"), blank=True)
    famiglia = models.CharField(_("famiglia"), max_length=20, choices=Famiglia)
    tema = models.ForeignKey(
        Tema,
        on_delete=models.PROTECT,
        related_name="progetti",
        verbose_name=_("tema"),
        null=True,
        blank=True,
    )
    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.SET_NULL,
        related_name="progetti_accordi",
        verbose_name=_("luogo"),
        help_text=_("La Casa di Quartiere o il luogo del portale dove si svolge, se c'è."),
        null=True,
        blank=True,
    )
    spazio_pubblico = models.CharField(
        _("spazio pubblico"),
        max_length=200,
        blank=True,
        help_text=_("Un parco, una piazza, una via... se il progetto si svolge all'aperto."),
    )
    partner = models.ManyToManyField(
        "quartieri.Ente",
        related_name="progetti_partner",
        verbose_name=_("partner"),
        blank=True,
    )
    ore_volontariato_previste = models.PositiveIntegerField(
        _("ore di volontariato previste"), null=True, blank=True
    )
    budget_comune = models.DecimalField(
        _("contributo del Comune (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    stato = models.CharField(_("stato"), max_length=20, choices=Stato, default=Stato.PROPOSTO)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = ProgettoQuerySet.as_manager()

    class Meta:
        verbose_name = _("progetto")
        verbose_name_plural = _("progetti")
        ordering = ["accordo", "titolo"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_comune__isnull=True) | Q(budget_comune__gte=0),
                name="progetto_budget_non_negativo",
            ),
        ]

    def __str__(self) -> str:
        return self.titolo

    def aggiornabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as ProgettoQuerySet.aggiornabili_da, for one project already loaded."""
        return Progetto.objects.aggiornabili_da(user).filter(pk=self.pk).exists()


def ore_dal_registro(raggruppa: str, **filtro) -> Subquery:
    """Approved hours of the volunteers' ledger in the projects matching `filtro`, per `raggruppa`.

    The ledger lives in the volontari app, which depends on this one: the sum
    follows the reverse relations its foreign keys define, without importing it.
    """
    return Subquery(
        Progetto.objects.filter(**filtro)
        .order_by()
        .values(raggruppa)
        .annotate(
            totale=Sum(
                "opportunita__incarichi__ore__ore",
                filter=Q(opportunita__incarichi__ore__stato="approvata"),
            )
        )
        .values("totale"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


class Indicatore(models.Model):
    """A measurable goal of a project, with its target."""

    progetto = models.ForeignKey(
        Progetto, on_delete=models.CASCADE, related_name="indicatori", verbose_name=_("progetto")
    )
    nome = models.CharField(_("nome"), max_length=200)
    unita = models.CharField(_("unità di misura"), max_length=50, blank=True)
    valore_obiettivo = models.DecimalField(
        _("valore obiettivo"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["progetto", "nome"]
        constraints = [
            models.UniqueConstraint(
                fields=["progetto", "nome"],
                name="indicatore_nome_unico",
                violation_error_message=_("Il progetto ha già un indicatore con questo nome."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nome} ({self.unita})" if self.unita else self.nome


class AggiornamentoProgettoQuerySet(models.QuerySet):
    def ultimi_con_abitanti(self) -> AggiornamentoProgettoQuerySet:
        """For each project, only its latest update that states the inhabitants reached."""
        ultimo = (
            AggiornamentoProgetto.objects.filter(
                progetto=OuterRef("progetto"), abitanti_raggiunti__isnull=False
            )
            .order_by("-data", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(ultimo))


class AggiornamentoProgetto(models.Model):
    """A progress update of a project: what happened, whom it reached, the hours given."""

    progetto = models.ForeignKey(
        Progetto,
        on_delete=models.CASCADE,
        related_name="aggiornamenti",
        verbose_name=_("progetto"),
    )
    data = models.DateField(_("data"))
    testo = models.TextField(_("testo"))
    # A running total for the project (not an increment): see AccordoQuerySet.con_impatto.
    abitanti_raggiunti = models.PositiveIntegerField(
        _("abitanti raggiunti finora"), null=True, blank=True
    )
    # Hours given since the previous update by people outside the municipal
    # volunteers' register (members of the signatory associations, whose hours
    # their organisation reports). An agreement's hours of civic collaboration
    # are these plus the approved ledger hours of its projects' volunteers.
    ore_collaborazione = models.DecimalField(
        _("ore di collaborazione civica"),
        max_digits=8,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    autore = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="aggiornamenti_progetti",
        verbose_name=_("autore"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("registrato il"), auto_now_add=True)

    objects = AggiornamentoProgettoQuerySet.as_manager()

    class Meta:
        verbose_name = _("aggiornamento del progetto")
        verbose_name_plural = _("aggiornamenti dei progetti")
        ordering = ["progetto", "-data", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ore_collaborazione__gte=0), name="aggiornamento_ore_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.progetto} – {self.data:%d/%m/%Y}"


class ValoreIndicatore(models.Model):
    """The value an indicator reached, as stated in a progress update."""

    aggiornamento = models.ForeignKey(
        AggiornamentoProgetto,
        on_delete=models.CASCADE,
        related_name="valori",
        verbose_name=_("aggiornamento"),
    )
    indicatore = models.ForeignKey(
        Indicatore, on_delete=models.CASCADE, related_name="valori", verbose_name=_("indicatore")
    )
    valore = models.DecimalField(_("valore"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("valore di un indicatore")
        verbose_name_plural = _("valori degli indicatori")
        ordering = ["indicatore__nome"]
        constraints = [
            models.UniqueConstraint(
                fields=["aggiornamento", "indicatore"], name="valore_indicatore_unico"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicatore}: {self.valore}"

    def clean(self) -> None:
        if (
            self.aggiornamento_id
            and self.indicatore_id
            and self.aggiornamento.progetto_id != self.indicatore.progetto_id
        ):
            raise ValidationError({"indicatore": _("L'indicatore appartiene a un altro progetto.")})
