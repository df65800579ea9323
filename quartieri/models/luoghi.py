"""Community places (Case di Quartiere, centri sociali, ...) and their opening hours."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.ruoli import e_staff_comunale
from quartieri.models.territorio import LATITUDINE, LONGITUDINE

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

GIORNI = [
    (0, _("lunedì")),
    (1, _("martedì")),
    (2, _("mercoledì")),
    (3, _("giovedì")),
    (4, _("venerdì")),
    (5, _("sabato")),
    (6, _("domenica")),
]
# "Il lunedì" but "la domenica": the article follows each day's gender.
GIORNI_CON_ARTICOLO = [
    (0, _("il lunedì")),
    (1, _("il martedì")),
    (2, _("il mercoledì")),
    (3, _("il giovedì")),
    (4, _("il venerdì")),
    (5, _("il sabato")),
    (6, _("la domenica")),
]


class LuogoQuerySet(models.QuerySet):
    def pubblicati(self) -> LuogoQuerySet:
        """Places anyone may see."""
        return self.filter(pubblicato=True)

    def gestibili_da(self, user: User | AnonymousUser) -> LuogoQuerySet:
        """Places whose page `user` may edit: staff all, a community manager their own."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(community_manager=user)

    def aperti_il(self, momento: dt.datetime) -> LuogoQuerySet:
        """Places open at `momento`, computed in the database (see quartieri.orari).

        On a day covered by an exception, the exception's slots replace the
        weekly ones (a closure has none).
        """
        locale = momento.astimezone(dt.UTC).astimezone(_fuso())
        giorno, ora = locale.date(), locale.time()
        eccezioni_del_giorno = EccezioneOrario.objects.filter(
            luogo=OuterRef("pk"), data_inizio__lte=giorno, data_fine__gte=giorno
        )
        fascia_settimanale = FasciaOraria.objects.filter(
            luogo=OuterRef("pk"), giorno=giorno.weekday(), apre__lte=ora, chiude__gt=ora
        )
        apertura_speciale = eccezioni_del_giorno.filter(
            tipo=EccezioneOrario.Tipo.APERTURA, apre__lte=ora, chiude__gt=ora
        )
        return self.filter(
            (Exists(fascia_settimanale) & ~Exists(eccezioni_del_giorno)) | Exists(apertura_speciale)
        )

    def con_orari(self, dal: dt.date, giorni: int = 14) -> LuogoQuerySet:
        """Prefetch what opening-state computations need for `giorni` days from `dal`."""
        return self.prefetch_related(
            "fasce_orarie",
            models.Prefetch("eccezioni", queryset=EccezioneOrario.objects.nel_periodo(dal, giorni)),
        )


class EccezioneOrarioQuerySet(models.QuerySet):
    def nel_periodo(self, dal: dt.date, giorni: int) -> EccezioneOrarioQuerySet:
        """Exceptions touching the `giorni` days from `dal`: all an opening state needs."""
        return self.filter(data_fine__gte=dal, data_inizio__lte=dal + dt.timedelta(days=giorni))


def _fuso():
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.TIME_ZONE)


class Luogo(models.Model):
    """A Casa di Quartiere, a centro sociale or another community place."""

    class Tipo(models.TextChoices):
        CASA_DI_QUARTIERE = "casa_di_quartiere", _("Casa di Quartiere")
        CENTRO_SOCIALE = "centro_sociale", _("centro sociale")
        CENTRO_CIVICO = "centro_civico", _("centro civico")
        BIBLIOTECA = "biblioteca", _("biblioteca di quartiere")
        ALTRO = "altro", _("altro luogo di comunità")

    nome = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo, default=Tipo.CASA_DI_QUARTIERE)
    quartiere = models.ForeignKey(
        "quartieri.Quartiere",
        on_delete=models.PROTECT,
        related_name="luoghi",
        verbose_name=_("quartiere"),
    )
    indirizzo = models.CharField(_("indirizzo"), max_length=200, blank=True)
    cap = models.CharField(_("CAP"), max_length=5, blank=True)
    lat = models.FloatField(_("latitudine"), validators=LATITUDINE)
    lon = models.FloatField(_("longitudine"), validators=LONGITUDINE)
    coordinate_esatte = models.BooleanField(
        _("coordinate esatte"),
        default=False,
        help_text=_("Se non è spuntato, il punto è solo il centro del quartiere."),
    )
    gestore = models.ForeignKey(
        "quartieri.Ente",
        on_delete=models.SET_NULL,
        related_name="luoghi_gestiti",
        verbose_name=_("ente gestore"),
        null=True,
        blank=True,
    )
    convenzione_inizio = models.DateField(_("inizio della convenzione"), null=True, blank=True)
    convenzione_fine = models.DateField(_("fine della convenzione"), null=True, blank=True)
    descrizione = models.TextField(_("descrizione"), blank=True)
    foto = models.ImageField(_("foto"), upload_to="luoghi/", blank=True)
    foto_descrizione = models.CharField(
        _("descrizione della foto"),
        max_length=200,
        blank=True,
        help_text=_("Testo alternativo per chi non vede l'immagine."),
    )
    telefono = models.CharField(_("telefono"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    sito = models.URLField(_("sito web"), blank=True)
    tessera = models.CharField(
        _("tessera associativa richiesta"),
        max_length=60,
        blank=True,
        help_text=_("Per esempio ARCI o ANCeSCAO; vuoto se l'accesso è libero."),
    )
    # Accessibility facts: None means "not known yet", which differs from "no".
    ingresso_senza_gradini = models.BooleanField(_("ingresso senza gradini"), null=True, blank=True)
    bagno_accessibile = models.BooleanField(_("bagno accessibile"), null=True, blank=True)
    anello_induttivo = models.BooleanField(
        _("anello induttivo per protesi acustiche"), null=True, blank=True
    )
    parcheggio_disabili = models.BooleanField(
        _("parcheggio riservato a disabili"), null=True, blank=True
    )
    note_accessibilita = models.CharField(_("note sull'accessibilità"), max_length=300, blank=True)
    orari_di_esempio = models.BooleanField(
        _("orari di esempio"),
        default=False,
        help_text=_("Gli orari sono un esempio dei dati dimostrativi, non quelli reali."),
    )
    pubblicato = models.BooleanField(_("pubblicato"), default=True)
    community_manager = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="luoghi_gestiti",
        verbose_name=_("community manager"),
        blank=True,
    )
    argomenti = models.ManyToManyField(
        "portal.Argomento", related_name="luoghi", verbose_name=_("argomenti"), blank=True
    )
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = LuogoQuerySet.as_manager()

    class Meta:
        verbose_name = _("luogo")
        verbose_name_plural = _("luoghi")
        ordering = ["nome"]
        indexes = [
            # /case-di-quartiere/ by name reads its page's rows in order instead of
            # sorting every place (0.87 ms against 0.12 at 1,000 places).
            models.Index(
                fields=["nome", "id"], condition=Q(pubblicato=True), name="luogo_pubblicato_nome"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(convenzione_fine__isnull=True)
                | Q(convenzione_inizio__isnull=True)
                | Q(convenzione_fine__gte=models.F("convenzione_inizio")),
                name="luogo_convenzione_date_ordinate",
            ),
        ]

    def __str__(self) -> str:
        return self.nome

    def get_absolute_url(self) -> str:
        return reverse("quartieri:luogo", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if (
            self.convenzione_inizio
            and self.convenzione_fine
            and self.convenzione_fine < self.convenzione_inizio
        ):
            raise ValidationError(
                {"convenzione_fine": _("La convenzione non può finire prima di iniziare.")}
            )

    @property
    def destinazione_indicazioni(self) -> str:
        """Where directions lead: the exact point, else the street address.

        An approximate point is the neighbourhood's centre, which would send people
        to the wrong street; the address is geocoded by the directions service.
        Reads quartiere.comune: callers select_related it.
        """
        if self.coordinate_esatte or not self.indirizzo:
            return f"{self.lat:.6f},{self.lon:.6f}"
        localita = f"{self.cap} {self.quartiere.comune.nome}".strip()
        return f"{self.indirizzo}, {localita}"

    def gestibile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as LuogoQuerySet.gestibili_da, for one place already loaded."""
        if e_staff_comunale(user):
            return True
        if not user.is_authenticated:
            return False
        return self.community_manager.filter(pk=user.pk).exists()


class FasciaOrariaBase(models.Model):
    """A weekly slot: a day of the week, an opening and a closing time."""

    giorno = models.PositiveSmallIntegerField(_("giorno"), choices=GIORNI)
    apre = models.TimeField(_("apre alle"))
    chiude = models.TimeField(_("chiude alle"))

    class Meta:
        abstract = True
        ordering = ["giorno", "apre"]

    def clean(self) -> None:
        if self.apre is not None and self.chiude is not None and self.chiude <= self.apre:
            raise ValidationError({"chiude": _("L'orario di chiusura deve seguire l'apertura.")})


class FasciaOraria(FasciaOrariaBase):
    luogo = models.ForeignKey(
        Luogo, on_delete=models.CASCADE, related_name="fasce_orarie", verbose_name=_("luogo")
    )

    class Meta(FasciaOrariaBase.Meta):
        verbose_name = _("fascia oraria")
        verbose_name_plural = _("fasce orarie")
        constraints = [
            models.CheckConstraint(
                condition=Q(chiude__gt=models.F("apre")), name="fascia_ordinata"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_giorno_display()} {self.apre:%H:%M}–{self.chiude:%H:%M}"


class EccezioneOrario(models.Model):
    """A dated closure or special opening; it replaces the weekly hours of its days."""

    class Tipo(models.TextChoices):
        CHIUSURA = "chiusura", _("chiusura")
        APERTURA = "apertura", _("apertura straordinaria o orario diverso")

    luogo = models.ForeignKey(
        Luogo, on_delete=models.CASCADE, related_name="eccezioni", verbose_name=_("luogo")
    )
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo, default=Tipo.CHIUSURA)
    data_inizio = models.DateField(_("dal"))
    data_fine = models.DateField(_("al"))
    apre = models.TimeField(_("apre alle"), null=True, blank=True)
    chiude = models.TimeField(_("chiude alle"), null=True, blank=True)
    motivo = models.CharField(_("motivo"), max_length=200, blank=True)

    objects = EccezioneOrarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("eccezione d'orario")
        verbose_name_plural = _("eccezioni d'orario")
        ordering = ["data_inizio", "apre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_fine__gte=models.F("data_inizio")), name="eccezione_date_ordinate"
            ),
            models.CheckConstraint(
                condition=Q(tipo="chiusura", apre__isnull=True, chiude__isnull=True)
                | Q(tipo="apertura", apre__isnull=False, chiude__gt=models.F("apre")),
                name="eccezione_orari_coerenti",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.data_inizio:%d/%m/%Y}–{self.data_fine:%d/%m/%Y}"

    def clean(self) -> None:
        errori = {}
        if self.data_inizio and self.data_fine and self.data_fine < self.data_inizio:
            errori["data_fine"] = _("La data finale non può precedere quella iniziale.")
        if self.tipo == self.Tipo.CHIUSURA:
            self.apre = self.chiude = None
        elif self.apre is None or self.chiude is None:
            errori["apre"] = _("Un'apertura straordinaria ha un orario di apertura e chiusura.")
        elif self.chiude <= self.apre:
            errori["chiude"] = _("L'orario di chiusura deve seguire l'apertura.")
        if errori:
            raise ValidationError(errori)
