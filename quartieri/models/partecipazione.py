"""Participation bodies (consulte, reti sociali, community labs), their meetings and requests.

Reggio Emilia's 9 Consulte, Bergamo's reti sociali, Monza's consulte di
quartiere and the community labs share one shape: members with a role, meetings
with minutes, requests sent to the Comune and (in Reggio) a yearly Patto d'Ambito.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.ruoli import e_staff_comunale
from portal.validators import valida_pdf

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User


# Paths under /partecipazione/ that a body's slug would shadow.
SLUG_RISERVATI = ("richieste",)


class OrganismoQuerySet(models.QuerySet):
    def pubblicati(self) -> OrganismoQuerySet:
        """Bodies anyone may see."""
        return self.filter(pubblicato=True)

    def gestibili_da(
        self, user: User | AnonymousUser, oggi: dt.date | None = None
    ) -> OrganismoQuerySet:
        """Bodies whose meetings and requests `user` manages: staff all, else coordinators'."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Exists(
                Membro.objects.gestori(oggi or timezone.localdate()).filter(
                    organismo=OuterRef("pk"), utente=user
                )
            )
        )

    def con_prossima_riunione(self, adesso: dt.datetime) -> OrganismoQuerySet:
        """Annotate `prossima_riunione_inizio` and `prossima_riunione_id`, the next meeting."""
        prossime = Riunione.objects.filter(organismo=OuterRef("pk"), fine__gt=adesso).order_by(
            "inizio", "pk"
        )
        return self.annotate(
            prossima_riunione_inizio=Subquery(prossime.values("inizio")[:1]),
            prossima_riunione_id=Subquery(prossime.values("pk")[:1]),
        )


class Organismo(models.Model):
    """A participation body: a Consulta, a rete sociale, a community lab, a steering group."""

    class Tipo(models.TextChoices):
        CONSULTA = "consulta", _("consulta")
        RETE_SOCIALE = "rete_sociale", _("rete sociale di quartiere")
        COMMUNITY_LAB = "community_lab", _("community lab o living lab")
        CABINA_DI_REGIA = "cabina_di_regia", _("cabina di regia")
        LABORATORIO_DI_COMUNITA = "laboratorio_di_comunita", _("laboratorio di comunità")
        ALTRO = "altro", _("altro organismo")

    class ModalitaAdesione(models.TextChoices):
        ELEZIONE = "elezione", _("membri eletti dai residenti")
        ALBO_ENTI = "albo_enti", _("enti iscritti a un albo")
        APERTA = "aperta", _("partecipazione libera")

    class Cadenza(models.TextChoices):
        SETTIMANALE = "settimanale", _("ogni settimana")
        QUINDICINALE = "quindicinale", _("ogni due settimane")
        MENSILE = "mensile", _("ogni mese")
        BIMESTRALE = "bimestrale", _("ogni due mesi")
        TRIMESTRALE = "trimestrale", _("ogni tre mesi")
        IRREGOLARE = "irregolare", _("quando serve")

    comune = models.ForeignKey(
        "quartieri.Comune",
        on_delete=models.PROTECT,
        related_name="organismi",
        verbose_name=_("comune"),
    )
    nome = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo, default=Tipo.CONSULTA)
    ambiti = models.ManyToManyField(
        "quartieri.AmbitoTerritoriale",
        related_name="organismi",
        verbose_name=_("ambiti territoriali"),
        blank=True,
    )
    quartieri = models.ManyToManyField(
        "quartieri.Quartiere",
        related_name="organismi",
        verbose_name=_("quartieri e frazioni"),
        blank=True,
    )
    descrizione = models.TextField(_("descrizione"), blank=True)
    modalita_adesione = models.CharField(
        _("come si partecipa"),
        max_length=20,
        choices=ModalitaAdesione,
        default=ModalitaAdesione.APERTA,
    )
    cadenza = models.CharField(
        _("cadenza delle riunioni"), max_length=20, choices=Cadenza, default=Cadenza.MENSILE
    )
    luogo_abituale = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.SET_NULL,
        related_name="organismi",
        verbose_name=_("luogo abituale delle riunioni"),
        null=True,
        blank=True,
    )
    pubblicato = models.BooleanField(_("pubblicato"), default=True)

    objects = OrganismoQuerySet.as_manager()

    class Meta:
        verbose_name = _("organismo di partecipazione")
        verbose_name_plural = _("organismi di partecipazione")
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome

    def get_absolute_url(self) -> str:
        return reverse("quartieri:organismo", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.slug in SLUG_RISERVATI:
            raise ValidationError({"slug": _("Questo indirizzo è riservato: scegline un altro.")})

    def gestibile_da(self, user: User | AnonymousUser, oggi: dt.date | None = None) -> bool:
        """Same rule as OrganismoQuerySet.gestibili_da, for one body already loaded."""
        if e_staff_comunale(user):
            return True
        if not user.is_authenticated or not user.is_active:
            return False
        return (
            Membro.objects.gestori(oggi or timezone.localdate())
            .filter(organismo=self, utente=user)
            .exists()
        )


class MembroQuerySet(models.QuerySet):
    def in_carica(self, oggi: dt.date) -> MembroQuerySet:
        """Members whose period includes `oggi`."""
        return self.filter(Q(al__isnull=True) | Q(al__gte=oggi), dal__lte=oggi)

    def gestori(self, oggi: dt.date) -> MembroQuerySet:
        """Coordinators and facilitators in office with an account: they manage the body."""
        return self.in_carica(oggi).filter(ruolo__in=RUOLI_GESTORI, utente__isnull=False)


class Membro(models.Model):
    """A person or an organisation in a body, with a role and a period."""

    class Ruolo(models.TextChoices):
        ELETTO = "eletto", _("membro eletto")
        RAPPRESENTANTE_ENTE = "rappresentante_ente", _("rappresentante di un ente")
        COORDINATORE = "coordinatore", _("coordinatore")
        FACILITATORE = "facilitatore", _("facilitatore o community maker")
        INVITATO_PERMANENTE = "invitato_permanente", _("invitato permanente")
        RESIDENTE = "residente", _("residente")

    organismo = models.ForeignKey(
        Organismo, on_delete=models.CASCADE, related_name="membri", verbose_name=_("organismo")
    )
    ruolo = models.CharField(_("ruolo"), max_length=30, choices=Ruolo)
    ente = models.ForeignKey(
        "quartieri.Ente",
        on_delete=models.PROTECT,
        related_name="partecipazioni",
        verbose_name=_("ente"),
        null=True,
        blank=True,
    )
    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partecipazioni",
        verbose_name=_("persona"),
        null=True,
        blank=True,
    )
    # Privacy: a person's name is published only with their consent (GDPR art. 6.1.a).
    nome_pubblico = models.BooleanField(
        _("nome pubblicabile"),
        default=False,
        help_text=_("La persona ha acconsentito a mostrare il suo nome sul sito."),
    )
    dal = models.DateField(_("dal"))
    al = models.DateField(_("al"), null=True, blank=True)

    objects = MembroQuerySet.as_manager()

    class Meta:
        verbose_name = _("membro")
        verbose_name_plural = _("membri")
        ordering = ["organismo", "ruolo", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ente__isnull=False) | Q(utente__isnull=False),
                name="membro_ente_o_persona",
            ),
            models.CheckConstraint(
                condition=Q(al__isnull=True) | Q(al__gte=F("dal")),
                name="membro_periodo_ordinato",
            ),
        ]

    def __str__(self) -> str:
        if self.utente_id:
            return str(self.utente)
        return str(self.ente)

    def clean(self) -> None:
        errori = {}
        if not self.ente_id and not self.utente_id:
            errori["utente"] = _("Indica la persona o l'ente che fa parte dell'organismo.")
        if self.dal and self.al and self.al < self.dal:
            errori["al"] = _("La fine dell'incarico non può precedere l'inizio.")
        if errori:
            raise ValidationError(errori)


RUOLI_GESTORI = (Membro.Ruolo.COORDINATORE, Membro.Ruolo.FACILITATORE)


class RiunioneQuerySet(models.QuerySet):
    def pubbliche(self) -> RiunioneQuerySet:
        """Meetings of published bodies."""
        return self.filter(organismo__pubblicato=True)

    def prossime(self, adesso: dt.datetime) -> RiunioneQuerySet:
        """Meetings not over yet, soonest first."""
        return self.filter(fine__gt=adesso).order_by("inizio", "pk")

    def passate(self, adesso: dt.datetime) -> RiunioneQuerySet:
        """Meetings already over, latest first."""
        return self.filter(fine__lte=adesso).order_by("-inizio", "-pk")


class Riunione(models.Model):
    """A meeting of a body: when, where, agenda, who came, minutes and decisions."""

    organismo = models.ForeignKey(
        Organismo, on_delete=models.CASCADE, related_name="riunioni", verbose_name=_("organismo")
    )
    inizio = models.DateTimeField(_("inizio"))
    fine = models.DateTimeField(_("fine"))
    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.SET_NULL,
        related_name="riunioni",
        verbose_name=_("luogo"),
        null=True,
        blank=True,
        help_text=_("Una Casa di Quartiere o un altro luogo del registro."),
    )
    luogo_testo = models.CharField(
        _("altro luogo"),
        max_length=200,
        blank=True,
        help_text=_("Se la riunione non è in un luogo del registro: indirizzo o «online»."),
    )
    ordine_del_giorno = models.TextField(_("ordine del giorno"), blank=True)
    partecipanti = models.PositiveIntegerField(
        _("partecipanti"),
        null=True,
        blank=True,
        help_text=_("Quante persone c'erano in tutto, membri e non."),
    )
    presenti = models.ManyToManyField(
        Membro, related_name="presenze", verbose_name=_("membri presenti"), blank=True
    )
    verbale = models.TextField(_("verbale"), blank=True)
    verbale_pdf = models.FileField(
        _("verbale in PDF"), upload_to="verbali/%Y/", blank=True, validators=[valida_pdf]
    )
    decisioni = models.TextField(_("decisioni"), blank=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    objects = RiunioneQuerySet.as_manager()

    class Meta:
        verbose_name = _("riunione")
        verbose_name_plural = _("riunioni")
        ordering = ["-inizio"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine__gt=F("inizio")), name="riunione_fine_dopo_inizio"
            ),
        ]
        indexes = [models.Index(fields=["organismo", "inizio"], name="riunione_organismo_inizio")]

    def __str__(self) -> str:
        return f"{self.organismo} – {self.inizio:%d/%m/%Y}"

    def clean(self) -> None:
        if self.inizio and self.fine and self.fine <= self.inizio:
            raise ValidationError(
                {"fine": _("La riunione deve finire dopo l'inizio: controlla data e ora.")}
            )

    @property
    def dove(self) -> str:
        """The place's name, or the free-text place."""
        return self.luogo.nome if self.luogo_id else self.luogo_testo


class RichiestaQuerySet(models.QuerySet):
    def pubbliche(self) -> RichiestaQuerySet:
        """Requests of published bodies: residents see what came of their meetings."""
        return self.filter(organismo__pubblicato=True)

    def aperte(self) -> RichiestaQuerySet:
        """Requests still waiting for an answer."""
        return self.filter(stato__in=STATI_IN_ATTESA)

    def scadute(self, oggi: dt.date) -> RichiestaQuerySet:
        """Requests still unanswered after their due date."""
        return self.aperte().filter(scadenza__lt=oggi)

    def con_tempi(self, oggi: dt.date) -> RichiestaQuerySet:
        """Annotate `scaduta`, `tempo_risposta` and `ritardo` (durations), computed in the DB."""
        return self.annotate(
            scaduta=Case(
                When(Q(stato__in=STATI_IN_ATTESA, scadenza__lt=oggi), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            tempo_risposta=ExpressionWrapper(
                F("risposta_il") - F("inviata_il"), output_field=DurationField()
            ),
            ritardo=ExpressionWrapper(
                Value(oggi, output_field=DateField()) - F("scadenza"),
                output_field=DurationField(),
            ),
        )

    def gestibili_da(
        self, user: User | AnonymousUser, oggi: dt.date | None = None
    ) -> RichiestaQuerySet:
        """Requests of the bodies `user` manages (they write and close them)."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(organismo__in=Organismo.objects.gestibili_da(user, oggi))

    def rispondibili_da(self, user: User | AnonymousUser) -> RichiestaQuerySet:
        """Requests `user` answers: the owner in the office, or staff."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(responsabile=user)


class Richiesta(models.Model):
    """A request a body sends to the Comune, tracked until it is answered and closed."""

    class Stato(models.TextChoices):
        INVIATA = "inviata", _("inviata")
        PRESA_IN_CARICO = "presa_in_carico", _("presa in carico")
        RISPOSTA = "risposta", _("con risposta")
        CHIUSA = "chiusa", _("chiusa")

    organismo = models.ForeignKey(
        Organismo, on_delete=models.CASCADE, related_name="richieste", verbose_name=_("organismo")
    )
    riunione = models.ForeignKey(
        Riunione,
        on_delete=models.SET_NULL,
        related_name="richieste",
        verbose_name=_("riunione"),
        null=True,
        blank=True,
        help_text=_("La riunione dal cui verbale nasce la richiesta."),
    )
    titolo = models.CharField(_("titolo"), max_length=200)
    testo = models.TextField(_("testo"))
    ufficio = models.ForeignKey(
        "quartieri.Ente",
        on_delete=models.PROTECT,
        related_name="richieste_ricevute",
        verbose_name=_("ufficio del Comune"),
        limit_choices_to={"forma_giuridica": "ufficio_comunale"},
    )
    responsabile = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="richieste_assegnate",
        verbose_name=_("responsabile nell'ufficio"),
    )
    stato = models.CharField(_("stato"), max_length=20, choices=Stato, default=Stato.INVIATA)
    inviata_il = models.DateField(_("inviata il"))
    scadenza = models.DateField(
        _("risposta attesa entro"),
        help_text=_("Calcolata dalla data di invio e dai giorni concessi per rispondere."),
    )
    risposta = models.TextField(_("risposta"), blank=True)
    risposta_il = models.DateField(_("risposta il"), null=True, blank=True)

    objects = RichiestaQuerySet.as_manager()

    class Meta:
        verbose_name = _("richiesta al Comune")
        verbose_name_plural = _("richieste al Comune")
        ordering = ["-inviata_il", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scadenza__gte=F("inviata_il")), name="richiesta_scadenza_dopo_invio"
            ),
            models.CheckConstraint(
                condition=Q(risposta_il__isnull=True) | Q(risposta_il__gte=F("inviata_il")),
                name="richiesta_risposta_dopo_invio",
            ),
        ]
        indexes = [models.Index(fields=["stato", "scadenza"], name="richiesta_stato_scadenza")]

    def __str__(self) -> str:
        return self.titolo

    def clean(self) -> None:
        errori = {}
        if self.ufficio_id and self.ufficio.forma_giuridica != "ufficio_comunale":
            errori["ufficio"] = _("Scegli un ufficio del Comune, non un'associazione.")
        if (
            self.riunione_id
            and self.organismo_id
            and self.riunione.organismo_id != self.organismo_id
        ):
            errori["riunione"] = _("La riunione è di un altro organismo.")
        if self.risposta_il and self.inviata_il and self.risposta_il < self.inviata_il:
            errori["risposta_il"] = _("La risposta non può precedere l'invio.")
        if errori:
            raise ValidationError(errori)

    def rispondibile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as RichiestaQuerySet.rispondibili_da, for one request already loaded."""
        if e_staff_comunale(user):
            return True
        return bool(user.is_authenticated and user.is_active and self.responsabile_id == user.pk)

    def scaduta_il(self, oggi: dt.date) -> bool:
        """Still unanswered after its due date."""
        return self.stato in STATI_IN_ATTESA and self.scadenza < oggi


STATI_IN_ATTESA = (Richiesta.Stato.INVIATA, Richiesta.Stato.PRESA_IN_CARICO)


class SollecitoInviato(models.Model):
    """The weekly reminder of overdue requests sent to one owner: at most one per week."""

    responsabile = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="solleciti_richieste",
        verbose_name=_("responsabile"),
    )
    settimana = models.DateField(_("settimana"), help_text=_("Il lunedì della settimana."))
    richieste = models.PositiveIntegerField(_("richieste scadute"))
    created_at = models.DateTimeField(_("inviato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("sollecito inviato")
        verbose_name_plural = _("solleciti inviati")
        ordering = ["-settimana"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsabile", "settimana"], name="sollecito_uno_a_settimana"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.responsabile} – {self.settimana:%d/%m/%Y}"


class Patto(models.Model):
    """A body's yearly programme (Reggio Emilia's Patto d'Ambito) and its year-end review."""

    organismo = models.ForeignKey(
        Organismo, on_delete=models.CASCADE, related_name="patti", verbose_name=_("organismo")
    )
    anno = models.PositiveSmallIntegerField(_("anno"))
    obiettivi = models.TextField(_("obiettivi"))
    # String references: quartieri must not import accordi (the dependency goes the other way).
    accordi = models.ManyToManyField(
        "accordi.Accordo",
        related_name="patti",
        verbose_name=_("accordi di cittadinanza collegati"),
        blank=True,
    )
    progetti = models.ManyToManyField(
        "accordi.Progetto",
        related_name="patti",
        verbose_name=_("progetti collegati"),
        blank=True,
    )
    revisione = models.TextField(_("revisione di fine anno"), blank=True)
    revisionato_il = models.DateField(_("revisione del"), null=True, blank=True)

    class Meta:
        verbose_name = _("patto annuale")
        verbose_name_plural = _("patti annuali")
        ordering = ["organismo", "-anno"]
        constraints = [
            models.UniqueConstraint(fields=["organismo", "anno"], name="patto_uno_per_anno"),
        ]

    def __str__(self) -> str:
        return f"{self.organismo} {self.anno}"

    def clean(self) -> None:
        if self.revisione and not self.revisionato_il:
            raise ValidationError({"revisionato_il": _("Indica la data della revisione.")})
