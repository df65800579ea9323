"""Where volunteers serve (opportunities) and the insurance policies that cover them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from portal.ruoli import e_staff_comunale

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

# Weekday fields in Python's `date.weekday()` order (0 = Monday): one boolean
# each, so the public list filters by day with a plain indexed WHERE.
GIORNI = ("lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica")


# Paths under /volontariato/ that are pages, not opportunities (volontari/urls.py).
SLUG_RISERVATI = frozenset({"profilo", "ore", "tutor", "registro"})


def valida_slug_non_riservato(valore: str) -> None:
    if valore in SLUG_RISERVATI:
        raise ValidationError(
            _("«%(slug)s» è il nome di una pagina del portale: scegli un altro slug."),
            params={"slug": valore},
        )


def pk_seguite_o_nei_luoghi_di(user: User) -> models.QuerySet:
    """The pks of the opportunities `user` is tutor of, or at a place they manage: for an IN.

    One IN over a UNION, not an OR of two IN subqueries (nor of two many-to-many
    joins): PostgreSQL then estimates the user's few rows and walks the enrolment
    and ledger indexes from them; with the OR it guessed 3/4 of all opportunities
    and hashed every enrolment and volunteer. The ledger's `approvabili_da` uses
    it directly, not wrapped in `gestibili_da`'s query of opportunities: the extra
    level cost the tutor's queue 0.5 ms of planning. The enrolments' querysets
    still go through `gestibili_da`; their pages were not measured.
    """
    seguite = Opportunita.tutor.through.objects.filter(user=user).values("opportunita_id")
    nei_luoghi = Opportunita.objects.filter(luogo__community_manager=user).order_by().values("pk")
    return seguite.union(nei_luoghi)


class OpportunitaQuerySet(models.QuerySet):
    def aperte(self) -> OpportunitaQuerySet:
        """Opportunities accepting applications."""
        return self.filter(aperta=True)

    def con_posti_liberi(self, oggi: dt.date) -> OpportunitaQuerySet:
        """Annotate `posti_liberi`: places minus the enrolments active on `oggi`."""
        from volontari.models.percorso import Incarico

        occupati = (
            Incarico.objects.attivi(oggi)
            .filter(opportunita=OuterRef("pk"))
            .order_by()
            .values("opportunita")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            posti_liberi=Greatest(
                F("posti") - Coalesce(Subquery(occupati, output_field=IntegerField()), Value(0)),
                Value(0),
            )
        )

    def nel_giorno(self, giorno: int) -> OpportunitaQuerySet:
        """Opportunities that take place on weekday `giorno` (0 = Monday)."""
        return self.filter(**{GIORNI[giorno]: True})

    def seguite_da(self, user: User | AnonymousUser) -> OpportunitaQuerySet:
        """Opportunities `user` answers for: staff all, a tutor those they follow."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(tutor=user)

    def gestibili_da(self, user: User | AnonymousUser) -> OpportunitaQuerySet:
        """Opportunities whose volunteers `user` looks after: their tutors, the place's
        community managers, staff."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=pk_seguite_o_nei_luoghi_di(user))


class Opportunita(models.Model):
    """A council service or an Accordo project where volunteers can serve."""

    class Tipo(models.TextChoices):
        SERVIZIO_COMUNALE = "servizio_comunale", _("servizio comunale")
        PROGETTO_ACCORDO = "progetto_accordo", _("progetto di un accordo di cittadinanza")

    class Servizio(models.TextChoices):
        BIBLIOTECHE = "biblioteche", _("biblioteche")
        SERVIZI_SOCIALI = "servizi_sociali", _("servizi sociali")
        MUSEI = "musei", _("musei")
        CENTRI_SOCIALI = "centri_sociali", _("centri sociali")
        GRANDI_EVENTI = "grandi_eventi", _("grandi eventi")
        AREE_VERDI = "aree_verdi", _("aree verdi")
        ALFABETIZZAZIONE_DIGITALE = "alfabetizzazione_digitale", _("alfabetizzazione digitale")
        ALTRO = "altro", _("altro")

    titolo = models.CharField(_("titolo"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, validators=[valida_slug_non_riservato]
    )
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo)
    servizio_comunale = models.CharField(
        _("servizio comunale"), max_length=30, choices=Servizio, blank=True
    )
    progetto = models.ForeignKey(
        "accordi.Progetto",
        on_delete=models.PROTECT,
        related_name="opportunita",
        verbose_name=_("progetto dell'accordo"),
        null=True,
        blank=True,
    )
    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.PROTECT,
        related_name="opportunita_volontariato",
        verbose_name=_("luogo"),
        null=True,
        blank=True,
    )
    quartiere = models.ForeignKey(
        "quartieri.Quartiere",
        on_delete=models.PROTECT,
        related_name="opportunita_volontariato",
        verbose_name=_("quartiere"),
        null=True,
        blank=True,
    )
    descrizione = models.TextField(_("descrizione"))
    competenze = models.TextField(_("competenze richieste"), blank=True)
    orari = models.TextField(
        _("orari"), blank=True, help_text=_("Per esempio: il martedì dalle 15 alle 18.")
    )
    lunedi = models.BooleanField(_("lunedì"), default=False, db_index=True)
    martedi = models.BooleanField(_("martedì"), default=False, db_index=True)
    mercoledi = models.BooleanField(_("mercoledì"), default=False, db_index=True)
    giovedi = models.BooleanField(_("giovedì"), default=False, db_index=True)
    venerdi = models.BooleanField(_("venerdì"), default=False, db_index=True)
    sabato = models.BooleanField(_("sabato"), default=False, db_index=True)
    domenica = models.BooleanField(_("domenica"), default=False, db_index=True)
    posti = models.PositiveIntegerField(_("posti disponibili"))
    aperta = models.BooleanField(_("aperta alle candidature"), default=True, db_index=True)
    tutor = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="opportunita_seguite",
        verbose_name=_("tutor"),
        blank=True,
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    objects = OpportunitaQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunità di volontariato")
        verbose_name_plural = _("opportunità di volontariato")
        ordering = ["titolo", "pk"]
        indexes = [
            # /volontariato/ reads its page's rows in order instead of joining every open
            # opportunity to its place and sorting them (0.76 ms against 0.18 at scale).
            models.Index(
                fields=["titolo", "id"], condition=Q(aperta=True), name="opportunita_aperta_titolo"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(tipo="servizio_comunale", progetto__isnull=True) & ~Q(servizio_comunale="")
                )
                | Q(tipo="progetto_accordo", progetto__isnull=False, servizio_comunale=""),
                name="opportunita_servizio_o_progetto",
            ),
            models.CheckConstraint(condition=Q(posti__gte=1), name="opportunita_almeno_un_posto"),
        ]

    def __str__(self) -> str:
        return self.titolo

    def clean(self) -> None:
        if self.tipo == self.Tipo.SERVIZIO_COMUNALE:
            if not self.servizio_comunale:
                raise ValidationError(
                    {"servizio_comunale": _("Indica il servizio comunale dell'opportunità.")}
                )
            if self.progetto_id:
                raise ValidationError(
                    {"progetto": _("Un servizio comunale non appartiene a un progetto.")}
                )
        elif self.tipo == self.Tipo.PROGETTO_ACCORDO:
            if not self.progetto_id:
                raise ValidationError({"progetto": _("Indica il progetto dell'accordo.")})
            if self.servizio_comunale:
                raise ValidationError(
                    {
                        "servizio_comunale": _(
                            "Un progetto di un accordo non è un servizio comunale."
                        )
                    }
                )

    @property
    def giorni(self) -> list[int]:
        """The weekdays (0 = Monday) the opportunity takes place on."""
        return [n for n, campo in enumerate(GIORNI) if getattr(self, campo)]

    def seguita_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as OpportunitaQuerySet.seguite_da, for one opportunity already loaded."""
        if e_staff_comunale(user):
            return True
        if not user.is_authenticated:
            return False
        return self.tutor.filter(pk=user.pk).exists()


class PolizzaQuerySet(models.QuerySet):
    def attive_il(self, data: dt.date) -> PolizzaQuerySet:
        """Policies whose coverage includes day `data`."""
        return self.filter(copertura_dal__lte=data, copertura_al__gte=data)

    def copre(self, data: dt.date, opportunita: Opportunita) -> bool:
        """Whether some policy covers volunteers of `opportunita` on day `data`."""
        return (
            self.attive_il(data)
            .filter(Q(tutte_le_opportunita=True) | Q(opportunita=opportunita))
            .exists()
        )


class Polizza(models.Model):
    """An insurance policy for volunteers: injury, illness and third-party liability.

    D.Lgs. 117/2017, art. 18: nobody serves uninsured, so hours can be logged
    only for days a policy covers.
    """

    compagnia = models.CharField(_("compagnia"), max_length=200)
    numero = models.CharField(_("numero di polizza"), max_length=100)
    copertura_dal = models.DateField(_("copertura dal"))
    copertura_al = models.DateField(_("copertura al"))
    tutte_le_opportunita = models.BooleanField(
        _("copre tutte le opportunità"),
        default=True,
        help_text=_("Se non è spuntato, copre solo le opportunità scelte sotto."),
    )
    opportunita = models.ManyToManyField(
        Opportunita,
        related_name="polizze",
        verbose_name=_("opportunità coperte"),
        blank=True,
    )
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)

    objects = PolizzaQuerySet.as_manager()

    class Meta:
        verbose_name = _("polizza assicurativa")
        verbose_name_plural = _("polizze assicurative")
        ordering = ["-copertura_al", "compagnia"]
        constraints = [
            models.CheckConstraint(
                condition=Q(copertura_al__gte=F("copertura_dal")),
                name="polizza_date_ordinate",
            ),
            models.UniqueConstraint(fields=["compagnia", "numero"], name="polizza_numero_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.compagnia} {self.numero}"

    def clean(self) -> None:
        if self.copertura_dal and self.copertura_al and self.copertura_al < self.copertura_dal:
            raise ValidationError(
                {"copertura_al": _("La copertura non può finire prima di iniziare.")}
            )
