"""Activities at a place, their occurrences, registrations, logs and desk contacts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.indirizzo import host_pubblico
from portal.ruoli import e_staff_comunale
from portal.validators import valida_data_plausibile
from quartieri.models.luoghi import EccezioneOrario, Luogo
from quartieri.models.servizi import Servizio

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

# A weekly series is materialised occurrence by occurrence: two years is the
# longest a community manager plans ahead, and it bounds the rows one form creates.
MASSIMO_SETTIMANE = 104
# A log may be corrected by its author for this long; then only staff may (issue 4).
GIORNI_CORREZIONE_RESOCONTO = 7
# The most seats one registration may take, whatever an activity allows: a family.
MASSIMO_PERSONE_PER_ISCRIZIONE = 10


def _luoghi_gestibili(user: User | AnonymousUser):
    return Luogo.objects.gestibili_da(user)


class AttivitaQuerySet(models.QuerySet):
    def pubbliche(self) -> AttivitaQuerySet:
        """Public activities at published places."""
        return self.filter(pubblica=True, luogo__pubblicato=True)

    def modificabili_da(self, user: User | AnonymousUser) -> AttivitaQuerySet:
        """Activities `user` may create, edit and cancel: staff all, a manager their places'."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(luogo__in=_luoghi_gestibili(user))

    def visibili_a(self, user: User | AnonymousUser) -> AttivitaQuerySet:
        """Public activities plus the internal ones of the places `user` manages."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(
            Q(pubblica=True, luogo__pubblicato=True) | Q(luogo__in=_luoghi_gestibili(user))
        )


class Attivita(models.Model):
    """An activity at a place: one date, or a weekly series of occurrences."""

    class Tipo(models.TextChoices):
        EVENTO = "evento", _("evento")
        CORSO = "corso", _("corso")
        LABORATORIO = "laboratorio", _("laboratorio")
        INCONTRO = "incontro", _("incontro")
        SERVIZIO_RICORRENTE = "servizio_ricorrente", _("servizio ricorrente")
        LIVING_LAB = "living_lab", _("sessione di living lab")
        ALTRO = "altro", _("altro")

    Pubblico = Servizio.Pubblico

    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.PROTECT,
        related_name="attivita",
        verbose_name=_("luogo"),
    )
    titolo = models.CharField(_("titolo"), max_length=200)
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo, default=Tipo.EVENTO)
    descrizione = models.TextField(_("descrizione"), blank=True)
    pubblico = models.CharField(
        _("a chi si rivolge"), max_length=20, choices=Pubblico, default=Pubblico.TUTTI
    )
    organizzatore = models.ForeignKey(
        "quartieri.Ente",
        on_delete=models.SET_NULL,
        related_name="attivita_organizzate",
        verbose_name=_("organizzatore"),
        null=True,
        blank=True,
    )
    pubblica = models.BooleanField(
        _("pubblica"),
        default=True,
        help_text=_("Se non è spuntato, l'attività è interna e non compare nel calendario."),
    )
    gratuita = models.BooleanField(_("gratuita"), default=True)
    costo = models.CharField(_("costo"), max_length=100, blank=True)
    iscrizione_richiesta = models.BooleanField(_("iscrizione richiesta"), default=False)
    capienza = models.PositiveIntegerField(
        _("posti disponibili"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Vuoto se non c'è un limite di posti."),
    )
    # A parent books for the children too: one registration may take several seats.
    massimo_persone_per_iscrizione = models.PositiveSmallIntegerField(
        _("persone per iscrizione (al massimo)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MASSIMO_PERSONE_PER_ISCRIZIONE)],
        help_text=_(
            "Quante persone può iscrivere una sola prenotazione, per esempio un genitore "
            "con i figli."
        ),
    )
    inizio = models.DateTimeField(_("inizio"))
    fine = models.DateTimeField(_("fine"))
    settimanale = models.BooleanField(_("si ripete ogni settimana"), default=False)
    ripeti_fino_al = models.DateField(_("ripeti fino al"), null=True, blank=True)
    argomenti = models.ManyToManyField(
        "portal.Argomento", related_name="attivita", verbose_name=_("argomenti"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="attivita_create",
        verbose_name=_("creata da"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    objects = AttivitaQuerySet.as_manager()

    class Meta:
        verbose_name = _("attività")
        verbose_name_plural = _("attività")
        ordering = ["inizio", "titolo"]
        constraints = [
            models.CheckConstraint(condition=Q(fine__gt=F("inizio")), name="attivita_fine_dopo"),
            models.CheckConstraint(
                condition=Q(gratuita=True) | ~Q(costo=""), name="attivita_a_pagamento_ha_costo"
            ),
            models.CheckConstraint(
                condition=Q(settimanale=False) | Q(ripeti_fino_al__isnull=False),
                name="attivita_settimanale_ha_fine",
            ),
            models.CheckConstraint(
                condition=Q(capienza__isnull=True) | Q(capienza__gte=1),
                name="attivita_capienza_positiva",
            ),
            models.CheckConstraint(
                condition=Q(massimo_persone_per_iscrizione__gte=1),
                name="attivita_persone_per_iscrizione_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.titolo

    def clean(self) -> None:
        errori: dict[str, str] = {}
        if self.inizio and self.fine and self.fine <= self.inizio:
            errori["fine"] = _("La fine deve seguire l'inizio.")
        if not self.gratuita and not self.costo:
            errori["costo"] = _("Indica il costo di un'attività a pagamento.")
        if (
            self.capienza is not None
            and self.massimo_persone_per_iscrizione is not None
            and self.massimo_persone_per_iscrizione > self.capienza
        ):
            # A family larger than the room would wait on the list for ever.
            errori["massimo_persone_per_iscrizione"] = _(
                "Non possono essere più dei posti disponibili."
            )
        # Dates within these years also keep the series' arithmetic (below and in
        # date_della_serie) from overflowing.
        for campo in ("inizio", "fine"):
            momento = getattr(self, campo)
            try:
                valida_data_plausibile(momento.date() if momento else None)
            except ValidationError as errore:
                errori[campo] = errore
        if self.settimanale and "inizio" not in errori:
            if not self.ripeti_fino_al:
                errori["ripeti_fino_al"] = _("Indica fino a quando si ripete.")
            elif self.inizio:
                primo_giorno = timezone.localtime(self.inizio).date()
                if self.ripeti_fino_al < primo_giorno:
                    errori["ripeti_fino_al"] = _(
                        "La ripetizione non può finire prima della prima data."
                    )
                elif self.ripeti_fino_al > primo_giorno + dt.timedelta(weeks=MASSIMO_SETTIMANE):
                    errori["ripeti_fino_al"] = _(
                        "Una serie settimanale può durare al massimo due anni."
                    )
        if errori:
            raise ValidationError(errori)

    def modificabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as AttivitaQuerySet.modificabili_da, for one activity already loaded."""
        return self.luogo.gestibile_da(user)

    def date_della_serie(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """The (start, end) of every occurrence the series' rule gives, in local wall time."""
        if not self.settimanale or not self.ripeti_fino_al:
            return [(self.inizio, self.fine)]
        fuso = timezone.get_default_timezone()
        inizio = timezone.localtime(self.inizio, fuso)
        durata = self.fine - self.inizio
        date = []
        settimana = 0
        # Weekly at the same local time: across a DST change the UTC offset moves.
        while (giorno := inizio.date() + dt.timedelta(weeks=settimana)) <= self.ripeti_fino_al:
            locale = dt.datetime.combine(giorno, inizio.timetz().replace(tzinfo=None), fuso)
            date.append((locale, locale + durata))
            settimana += 1
        return date


def _giorno_locale() -> TruncDate:
    """An occurrence's day where its place is: the day its exceptions are dated by."""
    return TruncDate("inizio", tzinfo=timezone.get_default_timezone())


def _eccezioni_del_giorno() -> models.QuerySet[EccezioneOrario]:
    """For Exists: the exceptions of the occurrence's place covering its `giorno_locale`."""
    return EccezioneOrario.objects.filter(
        luogo=OuterRef("attivita__luogo"),
        data_inizio__lte=OuterRef("giorno_locale"),
        data_fine__gte=OuterRef("giorno_locale"),
    )


class OccorrenzaQuerySet(models.QuerySet):
    def pubbliche(self) -> OccorrenzaQuerySet:
        """Occurrences of public activities at published places."""
        return self.filter(attivita__pubblica=True, attivita__luogo__pubblicato=True)

    def visibili_a(self, user: User | AnonymousUser) -> OccorrenzaQuerySet:
        """Occurrences of the activities `user` may see (AttivitaQuerySet.visibili_a)."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(
            Q(attivita__pubblica=True, attivita__luogo__pubblicato=True)
            | Q(attivita__luogo__in=_luoghi_gestibili(user))
        )

    def confermate(self) -> OccorrenzaQuerySet:
        """Occurrences that take place (not cancelled)."""
        return self.filter(annullata=False)

    def svolte(self, adesso: dt.datetime) -> OccorrenzaQuerySet:
        """Occurrences that took place: not cancelled and over by `adesso`."""
        return self.filter(annullata=False, fine__lte=adesso)

    def in_programma(self, adesso: dt.datetime) -> OccorrenzaQuerySet:
        """Occurrences still to come: not cancelled and not begun by `adesso`."""
        return self.filter(annullata=False, inizio__gt=adesso)

    def con_chiusura(self) -> OccorrenzaQuerySet:
        """Annotate `in_chiusura`: whether the place is closed all day on the date's local day."""
        chiusure = _eccezioni_del_giorno().filter(tipo=EccezioneOrario.Tipo.CHIUSURA)
        return self.annotate(giorno_locale=_giorno_locale()).annotate(in_chiusura=Exists(chiusure))

    def nei_giorni_di_eccezione(self) -> OccorrenzaQuerySet:
        """Occurrences on a local day that an exception of their place (closure or
        special hours) covers: what orari.chiusura_della_data may then look at."""
        return self.alias(giorno_locale=_giorno_locale()).filter(Exists(_eccezioni_del_giorno()))

    def nel_periodo(self, dal: dt.datetime, al: dt.datetime) -> OccorrenzaQuerySet:
        """Occurrences overlapping [dal, al)."""
        return self.filter(inizio__lt=al, fine__gt=dal)

    def modificabili_da(self, user: User | AnonymousUser) -> OccorrenzaQuerySet:
        """Occurrences `user` may cancel, move and log: staff all, a manager their places'."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(attivita__luogo__in=_luoghi_gestibili(user))

    def da_registrare(self, adesso: dt.datetime | None = None) -> OccorrenzaQuerySet:
        """Occurrences that took place before `adesso` and still wait for their log."""
        adesso = adesso or timezone.now()
        return self.filter(annullata=False, fine__lte=adesso, resoconto__isnull=True)

    def con_posti(self) -> OccorrenzaQuerySet:
        """Annotate `n_confermate` and `n_in_attesa`: seats taken and awaited, summed in SQL."""
        return self.annotate(
            n_confermate=Coalesce(
                Sum(
                    "iscrizioni__persone",
                    filter=Q(iscrizioni__stato=Iscrizione.Stato.CONFERMATA),
                ),
                0,
            ),
            n_in_attesa=Coalesce(
                Sum(
                    "iscrizioni__persone",
                    filter=Q(iscrizioni__stato=Iscrizione.Stato.IN_ATTESA),
                ),
                0,
            ),
        )


class Occorrenza(models.Model):
    """One date of an activity: it may be cancelled or moved on its own."""

    attivita = models.ForeignKey(
        Attivita,
        on_delete=models.CASCADE,
        related_name="occorrenze",
        verbose_name=_("attività"),
    )
    inizio = models.DateTimeField(_("inizio"))
    fine = models.DateTimeField(_("fine"))
    # Where the series' rule put it: the key that lets a series be regenerated
    # without losing what was moved, and tells a moved occurrence apart.
    inizio_originale = models.DateTimeField(_("inizio secondo la serie"))
    annullata = models.BooleanField(_("annullata"), default=False)
    motivo_annullamento = models.CharField(
        _("motivo dell'annullamento"), max_length=200, blank=True
    )
    # Each cancellation or move stamps it anew: the stamp names that change, so the
    # e-mails telling the registered are sent once per change, however often a date changes.
    variata_il = models.DateTimeField(_("annullata o spostata il"), null=True, blank=True)
    # The time before the last move: the e-mail telling of the move quotes it, also
    # when it is sent again by the recovery (quartieri/services/avvisi_attivita.py).
    inizio_precedente = models.DateTimeField(
        _("inizio prima dell'ultimo spostamento"), null=True, blank=True
    )
    fine_precedente = models.DateTimeField(
        _("fine prima dell'ultimo spostamento"), null=True, blank=True
    )

    objects = OccorrenzaQuerySet.as_manager()

    class Meta:
        verbose_name = _("data dell'attività")
        verbose_name_plural = _("date delle attività")
        ordering = ["inizio"]
        constraints = [
            models.CheckConstraint(condition=Q(fine__gt=F("inizio")), name="occorrenza_fine_dopo"),
            models.UniqueConstraint(
                fields=["attivita", "inizio_originale"], name="occorrenza_unica_nella_serie"
            ),
        ]
        indexes = [models.Index(fields=["inizio", "fine"], name="occorrenza_periodo")]

    def __str__(self) -> str:
        return f"{self.attivita} — {timezone.localtime(self.inizio):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("quartieri:attivita_dettaglio", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.inizio and self.fine and self.fine <= self.inizio:
            raise ValidationError({"fine": _("La fine deve seguire l'inizio.")})

    @property
    def spostata(self) -> bool:
        return self.inizio != self.inizio_originale

    @property
    def aggiornata_il(self) -> dt.datetime:
        """When what this date's page shows last changed: the activity, or this date's own
        move or cancellation."""
        return max(filter(None, (self.attivita.updated_at, self.variata_il)))

    @property
    def uid(self) -> str:
        """A stable iCalendar UID: subscribed calendars update the event rather than duplicate."""
        return f"occorrenza-{self.pk}@{host_pubblico()}"

    def modificabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as OccorrenzaQuerySet.modificabili_da, for one occurrence already loaded."""
        return self.attivita.modificabile_da(user)


class IscrizioneQuerySet(models.QuerySet):
    def attive(self) -> IscrizioneQuerySet:
        """Confirmed registrations and those on the waiting list."""
        return self.exclude(stato=Iscrizione.Stato.ANNULLATA)

    def confermate(self) -> IscrizioneQuerySet:
        """Registrations holding a seat."""
        return self.filter(stato=Iscrizione.Stato.CONFERMATA)

    def in_attesa(self) -> IscrizioneQuerySet:
        """The waiting list, first come first served."""
        return self.filter(stato=Iscrizione.Stato.IN_ATTESA).order_by("created_at", "pk")

    def da_ricordare(self) -> IscrizioneQuerySet:
        """Confirmed registrations to a standing date whose reminder is still due.

        Due if never sent, or sent before the date's last change: a date moved
        after its reminder is reminded again the day before its new time.
        """
        return self.filter(
            Q(promemoria_inviato_il__isnull=True)
            | Q(promemoria_inviato_il__lt=F("occorrenza__variata_il")),
            stato=Iscrizione.Stato.CONFERMATA,
            occorrenza__annullata=False,
        )

    def prossime(self, adesso: dt.datetime) -> IscrizioneQuerySet:
        """Registrations to dates not yet over at `adesso`, the soonest first."""
        return self.filter(occorrenza__fine__gt=adesso).order_by("occorrenza__inizio", "pk")

    def passate(self, adesso: dt.datetime) -> IscrizioneQuerySet:
        """Registrations to dates over at `adesso` that took place, the latest first."""
        return self.filter(occorrenza__fine__lte=adesso, occorrenza__annullata=False).order_by(
            "-occorrenza__inizio", "-pk"
        )

    def con_posizione(self) -> IscrizioneQuerySet:
        """Annotate `posizione`: a waiting registration's place in its list (1 = next)."""
        # Same order as in_attesa(): counted in one subquery, whatever the number of rows.
        davanti = (
            Iscrizione.objects.filter(
                occorrenza=OuterRef("occorrenza"), stato=Iscrizione.Stato.IN_ATTESA
            )
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("occorrenza")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            posizione=Case(
                When(stato=Iscrizione.Stato.IN_ATTESA, then=Subquery(davanti)),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def posti(self) -> int:
        """Seats these registrations take: each counts its people."""
        return self.order_by().aggregate(posti=Coalesce(Sum("persone"), 0))["posti"]


class Iscrizione(models.Model):
    """A citizen's registration to one occurrence, with a seat or on the waiting list."""

    class Stato(models.TextChoices):
        CONFERMATA = "confermata", _("confermata")
        IN_ATTESA = "in_attesa", _("in lista d'attesa")
        ANNULLATA = "annullata", _("annullata")

    occorrenza = models.ForeignKey(
        Occorrenza,
        on_delete=models.CASCADE,
        related_name="iscrizioni",
        verbose_name=_("data dell'attività"),
    )
    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="iscrizioni",
        verbose_name=_("utente"),
    )
    stato = models.CharField(_("stato"), max_length=20, choices=Stato, default=Stato.CONFERMATA)
    # Seats taken, the registering person included: capacity and waiting list count these.
    persone = models.PositiveSmallIntegerField(
        _("persone"), default=1, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("iscritto il"), default=timezone.now)
    annullata_il = models.DateTimeField(_("annullata il"), null=True, blank=True)
    # When a freed seat went to this registration from the waiting list.
    promossa_il = models.DateTimeField(_("passata dalla lista d'attesa il"), null=True, blank=True)
    # Set in the transaction that sends the mail: a retried task sees them and sends nothing.
    conferma_inviata_il = models.DateTimeField(_("conferma inviata il"), null=True, blank=True)
    promozione_inviata_il = models.DateTimeField(
        _("avviso di posto libero inviato il"), null=True, blank=True
    )
    promemoria_inviato_il = models.DateTimeField(_("promemoria inviato il"), null=True, blank=True)
    # The Occorrenza.variata_il of the last cancellation or move this person was told of.
    variazione_comunicata = models.DateTimeField(
        _("ultima variazione della data comunicata"), null=True, blank=True
    )

    objects = IscrizioneQuerySet.as_manager()

    class Meta:
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occorrenza", "utente"],
                condition=~Q(stato="annullata"),
                name="iscrizione_attiva_unica",
                violation_error_message=_("Sei già iscritto a questa data."),
            ),
            models.CheckConstraint(
                condition=Q(persone__gte=1), name="iscrizione_almeno_una_persona"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.utente} — {self.occorrenza} ({self.get_stato_display()})"


class ResocontoQuerySet(models.QuerySet):
    def modificabili_da(self, user: User | AnonymousUser) -> ResocontoQuerySet:
        """Logs `user` may correct: staff all; the author theirs, for 7 days from creation."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        limite = timezone.now() - dt.timedelta(days=GIORNI_CORREZIONE_RESOCONTO)
        return self.filter(
            autore=user,
            created_at__gte=limite,
            occorrenza__attivita__luogo__in=_luoghi_gestibili(user),
        )

    def visibili_a(self, user: User | AnonymousUser) -> ResocontoQuerySet:
        """Logs of the places `user` manages (staff: all)."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(occorrenza__attivita__luogo__in=_luoghi_gestibili(user))


class Resoconto(models.Model):
    """What happened at one occurrence: who came, volunteers and their hours."""

    occorrenza = models.OneToOneField(
        Occorrenza,
        on_delete=models.PROTECT,
        related_name="resoconto",
        verbose_name=_("data dell'attività"),
    )
    partecipanti_totale = models.PositiveIntegerField(_("partecipanti in tutto"))
    partecipanti_under14 = models.PositiveIntegerField(_("di cui sotto i 14 anni"), default=0)
    partecipanti_14_64 = models.PositiveIntegerField(_("di cui tra 14 e 64 anni"), default=0)
    partecipanti_over65 = models.PositiveIntegerField(_("di cui con 65 anni o più"), default=0)
    volontari_coinvolti = models.PositiveIntegerField(_("volontari coinvolti"), default=0)
    ore_volontariato = models.DecimalField(
        _("ore di volontariato"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(2000)])
    autore = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="resoconti",
        verbose_name=_("autore"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("registrato il"), default=timezone.now)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    history = HistoricalRecords()
    objects = ResocontoQuerySet.as_manager()

    class Meta:
        verbose_name = _("resoconto")
        verbose_name_plural = _("resoconti")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    partecipanti_totale=F("partecipanti_under14")
                    + F("partecipanti_14_64")
                    + F("partecipanti_over65")
                ),
                name="resoconto_fasce_sommano_al_totale",
            ),
            models.CheckConstraint(
                condition=Q(ore_volontariato__gte=0), name="resoconto_ore_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Resoconto')} {self.occorrenza}"

    def clean(self) -> None:
        fasce = (self.partecipanti_under14, self.partecipanti_14_64, self.partecipanti_over65)
        completo = self.partecipanti_totale is not None and None not in fasce
        if completo and sum(fasce) != self.partecipanti_totale:
            raise ValidationError(
                {
                    "partecipanti_totale": _(
                        "Le fasce d'età sommano a %(somma)d, ma il totale è %(totale)d."
                    )
                    % {"somma": sum(fasce), "totale": self.partecipanti_totale}
                }
            )

    def modificabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as ResocontoQuerySet.modificabili_da, for one log already loaded."""
        if e_staff_comunale(user):
            return True
        if not user.is_authenticated or self.autore_id != user.pk:
            return False
        limite = timezone.now() - dt.timedelta(days=GIORNI_CORREZIONE_RESOCONTO)
        return self.created_at >= limite and self.occorrenza.attivita.luogo.gestibile_da(user)


class ContattoSportelloQuerySet(models.QuerySet):
    def modificabili_da(self, user: User | AnonymousUser) -> ContattoSportelloQuerySet:
        """Desk contacts `user` may record and see: staff all, a manager their places'."""
        if e_staff_comunale(user):
            return self.all()
        return self.filter(luogo__in=_luoghi_gestibili(user))

    def nel_periodo(self, dal: dt.datetime, al: dt.datetime) -> ContattoSportelloQuerySet:
        """Contacts recorded in [dal, al)."""
        return self.filter(momento__gte=dal, momento__lt=al)


class ContattoSportello(models.Model):
    """One contact at a proximity-service desk, counted without any personal data."""

    class Durata(models.TextChoices):
        FINO_5 = "fino_5", _("meno di 5 minuti")
        DA_5_A_15 = "da_5_a_15", _("5–15 minuti")
        DA_15_A_30 = "da_15_a_30", _("15–30 minuti")
        OLTRE_30 = "oltre_30", _("più di 30 minuti")

    class Lingua(models.TextChoices):
        # The languages most spoken by Reggio Emilia's foreign residents, then "other".
        ITALIANO = "it", _("italiano")
        INGLESE = "en", _("inglese")
        FRANCESE = "fr", _("francese")
        ARABO = "ar", _("arabo")
        CINESE = "zh", _("cinese")
        RUMENO = "ro", _("rumeno")
        ALBANESE = "sq", _("albanese")
        UCRAINO = "uk", _("ucraino")
        URDU = "ur", _("urdu")
        PUNJABI = "pa", _("punjabi")
        SPAGNOLO = "es", _("spagnolo")
        ALTRO = "altro", _("altra lingua")

    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.PROTECT,
        related_name="contatti_sportello",
        verbose_name=_("luogo"),
    )
    servizio = models.ForeignKey(
        "quartieri.Servizio",
        on_delete=models.SET_NULL,
        related_name="contatti_sportello",
        verbose_name=_("servizio"),
        null=True,
        blank=True,
    )
    categoria = models.ForeignKey(
        "quartieri.CategoriaServizio",
        on_delete=models.PROTECT,
        related_name="contatti_sportello",
        verbose_name=_("categoria"),
        null=True,
        blank=True,
        help_text=_("Se il contatto non riguarda un servizio del luogo."),
    )
    momento = models.DateTimeField(_("momento"), default=timezone.now)
    durata = models.CharField(_("durata"), max_length=20, choices=Durata, default=Durata.DA_5_A_15)
    lingua = models.CharField(
        _("lingua usata"), max_length=10, choices=Lingua, default=Lingua.ITALIANO
    )
    inviato_a_ufficio_comunale = models.BooleanField(
        _("indirizzato a un ufficio del Comune"), default=False
    )
    registrato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="contatti_sportello_registrati",
        verbose_name=_("registrato da"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("registrato il"), auto_now_add=True)

    objects = ContattoSportelloQuerySet.as_manager()

    class Meta:
        verbose_name = _("contatto allo sportello")
        verbose_name_plural = _("contatti allo sportello")
        ordering = ["-momento"]
        constraints = [
            models.CheckConstraint(
                condition=Q(servizio__isnull=False) | Q(categoria__isnull=False),
                name="contatto_ha_servizio_o_categoria",
            ),
        ]
        indexes = [models.Index(fields=["luogo", "momento"], name="contatto_luogo_momento")]

    def __str__(self) -> str:
        return (
            f"{self.servizio or self.categoria} — {timezone.localtime(self.momento):%d/%m/%Y %H:%M}"
        )

    def clean(self) -> None:
        if self.servizio_id is None and self.categoria_id is None:
            raise ValidationError({"servizio": _("Indica il servizio o la categoria.")})
        if self.servizio_id and self.luogo_id and self.servizio.luogo_id != self.luogo_id:
            raise ValidationError({"servizio": _("Il servizio non è offerto in questo luogo.")})
