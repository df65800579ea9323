"""Accordi di cittadinanza: themes, the agreement and its lifecycle, meetings, signatories."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.ruoli import e_staff_comunale
from portal.validators import valida_pdf

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

# Slugs the staff pages use under /accordi/: an agreement may not take them.
SLUG_RISERVATI = frozenset({"gestione"})


class Tema(models.Model):
    """A policy theme of agreements and projects (not a territorial "ambito")."""

    nome = models.CharField(_("nome"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    descrizione = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temi")
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome


class StatoAccordo(models.TextChoices):
    """The steps of a Laboratorio di cittadinanza (Comune di Reggio Emilia, 2017), in order."""

    ASCOLTO = "ascolto", _("ascolto")
    ISTRUTTORIA = "istruttoria", _("istruttoria di fattibilità")
    PROPOSTA_CONDIVISA = "proposta_condivisa", _("proposta condivisa")
    APPROVATO_GIUNTA = "approvato_giunta", _("approvato dalla Giunta")
    FIRMATO = "firmato", _("firmato")
    IN_CORSO = "in_corso", _("in corso")
    VALUTATO_RENDICONTATO = "valutato_rendicontato", _("valutato e rendicontato")
    CHIUSO = "chiuso", _("chiuso")
    RITIRATO = "ritirato", _("ritirato")


_PERCORSO = [
    StatoAccordo.ASCOLTO,
    StatoAccordo.ISTRUTTORIA,
    StatoAccordo.PROPOSTA_CONDIVISA,
    StatoAccordo.APPROVATO_GIUNTA,
    StatoAccordo.FIRMATO,
    StatoAccordo.IN_CORSO,
    StatoAccordo.VALUTATO_RENDICONTATO,
    StatoAccordo.CHIUSO,
]

# The only transitions that exist: each step leads to the next one, and an
# agreement may be withdrawn at any step before it is closed. Closed and
# withdrawn agreements are final.
TRANSIZIONI: dict[str, tuple[str, ...]] = {
    **{
        stato: (successivo, StatoAccordo.RITIRATO)
        for stato, successivo in zip(_PERCORSO, _PERCORSO[1:], strict=False)
    },
    StatoAccordo.CHIUSO: (),
    StatoAccordo.RITIRATO: (),
}

# Before the shared proposal an agreement is still a work in progress of the laboratorio.
STATI_RISERVATI = (StatoAccordo.ASCOLTO, StatoAccordo.ISTRUTTORIA)
# Progress updates belong to the implementation and reporting phases.
STATI_ATTUAZIONE = (
    StatoAccordo.FIRMATO,
    StatoAccordo.IN_CORSO,
    StatoAccordo.VALUTATO_RENDICONTATO,
)

# An agreement in force keeps its lifecycle state until staff move it on, but
# nobody must read "firmato" once its term has ended: the state shown follows
# the dates. Within this many days of the end it is due for renewal, the same
# notice the staff's deadline reminder gives (portal.report.avvisi).
STATI_IN_VIGORE = (StatoAccordo.FIRMATO, StatoAccordo.IN_CORSO)
GIORNI_AL_RINNOVO = 60


class StatoSecondoLeDate(models.TextChoices):
    """What an agreement in force is called once its dates say more than its lifecycle state."""

    SCADUTO = "scaduto", _("scaduto")
    DA_RINNOVARE = "da_rinnovare", _("da rinnovare")


ETICHETTE_STATO = {**dict(StatoAccordo.choices), **dict(StatoSecondoLeDate.choices)}


class AccordoQuerySet(models.QuerySet):
    def pubblici(self) -> AccordoQuerySet:
        """Agreements that reached the shared-proposal stage: anyone may see them."""
        return self.exclude(stato__in=STATI_RISERVATI)

    def visibili_a(self, user: User | AnonymousUser) -> AccordoQuerySet:
        """Staff see every agreement, its officer sees it, everyone else the public ones."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.pubblici()
        return self.filter(~Q(stato__in=STATI_RISERVATI) | Q(architetto_di_quartiere=user))

    def modificabili_da(self, user: User | AnonymousUser) -> AccordoQuerySet:
        """Agreements `user` may edit and move through the lifecycle: council staff only."""
        return self.all() if e_staff_comunale(user) else self.none()

    def con_stato_secondo_le_date(self, oggi: dt.date) -> AccordoQuerySet:
        """Annotate `stato_secondo_le_date`: Accordo.stato_alla_data, computed in the database."""
        in_vigore = Q(stato__in=STATI_IN_VIGORE, data_fine__isnull=False)
        return self.annotate(
            stato_secondo_le_date=Case(
                When(in_vigore & Q(data_fine__lt=oggi), then=Value(StatoSecondoLeDate.SCADUTO)),
                When(
                    in_vigore & Q(data_fine__lte=oggi + dt.timedelta(days=GIORNI_AL_RINNOVO)),
                    then=Value(StatoSecondoLeDate.DA_RINNOVARE),
                ),
                default=F("stato"),
                output_field=CharField(),
            )
        )

    def con_numeri(self) -> AccordoQuerySet:
        """Annotate `numero_progetti`, `numero_firmatari` and `cittadini_anonimi`.

        Counted by correlated subqueries rather than joins: joining 20,000
        signatories to 5,000 projects and grouping cost a list page 200 ms on
        PostgreSQL, and made every other subquery run once per joined row.
        """
        from accordi.models.progetti import Progetto

        def conta(model, **filtri) -> Coalesce:
            righe = (
                model.objects.filter(accordo=OuterRef("pk"), **filtri)
                .order_by()
                .values("accordo")
                .annotate(numero=Count("pk"))
                .values("numero")
            )
            return Coalesce(Subquery(righe), Value(0))

        return self.annotate(
            numero_progetti=conta(Progetto),
            numero_firmatari=conta(Firmatario),
            cittadini_anonimi=conta(
                Firmatario, tipo=Firmatario.Tipo.CITTADINO, consenso_pubblicazione=False
            ),
        )

    def numeri_per_accordo(self) -> dict[int, tuple[int, int]]:
        """The `numero_progetti` and `numero_firmatari` of con_numeri(), by agreement id,
        counted for the whole QuerySet in two grouped queries. An agreement with neither
        is left out."""
        from accordi.models.progetti import Progetto

        def conta(model) -> dict[int, int]:
            righe = model.objects.filter(accordo__in=self.values("pk")).order_by()
            return dict(righe.values_list("accordo").annotate(Count("pk")))

        progetti, firmatari = conta(Progetto), conta(Firmatario)
        return {
            pk: (progetti.get(pk, 0), firmatari.get(pk, 0))
            for pk in progetti.keys() | firmatari.keys()
        }

    def con_impatto(self) -> AccordoQuerySet:
        """Annotate `ore_collaborazione` and `abitanti_raggiunti`, computed from progress updates.

        Hours: the approved hours of the volunteers' ledger in the agreement's
        projects, plus those stated in the projects' updates (given by parties
        outside the ledger, e.g. before the portal). Inhabitants: for each
        project the latest update that states them (they are a running total,
        not an increment), summed over the projects.
        """
        from accordi.models.progetti import AggiornamentoProgetto, ore_dal_registro

        ore = (
            AggiornamentoProgetto.objects.filter(progetto__accordo=OuterRef("pk"))
            .order_by()
            .values("progetto__accordo")
            .annotate(totale=Sum("ore_collaborazione"))
            .values("totale")
        )
        abitanti = (
            AggiornamentoProgetto.objects.ultimi_con_abitanti()
            .filter(progetto__accordo=OuterRef("pk"))
            .order_by()
            .values("progetto__accordo")
            .annotate(totale=Sum("abitanti_raggiunti"))
            .values("totale")
        )
        return self.annotate(
            ore_collaborazione=Coalesce(
                Subquery(ore, output_field=DecimalField(max_digits=12, decimal_places=1)),
                Value(0),
                output_field=DecimalField(max_digits=12, decimal_places=1),
            )
            + Coalesce(
                ore_dal_registro("accordo", accordo=OuterRef("pk")),
                Value(0),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            ),
            abitanti_raggiunti=Coalesce(Subquery(abitanti), Value(0)),
        )


class Accordo(models.Model):
    """An Accordo di cittadinanza between the Comune and a neighbourhood's community."""

    Stato = StatoAccordo

    codice = models.CharField(_("codice"), max_length=30, unique=True)
    titolo = models.CharField(_("titolo"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    comune = models.ForeignKey(
        "quartieri.Comune",
        on_delete=models.PROTECT,
        related_name="accordi",
        verbose_name=_("comune"),
    )
    ambito = models.ForeignKey(
        "quartieri.AmbitoTerritoriale",
        on_delete=models.PROTECT,
        related_name="accordi",
        verbose_name=_("ambito territoriale"),
        null=True,
        blank=True,
    )
    quartieri = models.ManyToManyField(
        "quartieri.Quartiere",
        related_name="accordi",
        verbose_name=_("quartieri e frazioni"),
        blank=True,
    )
    temi = models.ManyToManyField(Tema, related_name="accordi", verbose_name=_("temi"), blank=True)
    argomenti = models.ManyToManyField(
        "portal.Argomento", related_name="accordi", verbose_name=_("argomenti"), blank=True
    )
    architetto_di_quartiere = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="accordi_seguiti",
        verbose_name=_("architetto di quartiere"),
        help_text=_("Il funzionario del Comune che segue l'accordo."),
        null=True,
        blank=True,
    )
    descrizione = models.TextField(_("descrizione"), blank=True)
    data_inizio = models.DateField(_("valido dal"), null=True, blank=True)
    data_fine = models.DateField(_("valido fino al"), null=True, blank=True)
    rinnova = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="rinnovi",
        verbose_name=_("rinnova l'accordo"),
        null=True,
        blank=True,
    )
    documento_firmato = models.FileField(
        _("accordo firmato (PDF)"),
        upload_to="accordi/",
        validators=[valida_pdf],
        blank=True,
    )
    # Changed only by accordi.services.avanza_accordo, which records the transition.
    stato = models.CharField(
        _("stato"),
        max_length=30,
        choices=StatoAccordo,
        default=StatoAccordo.ASCOLTO,
        db_index=True,
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("versione dell'accordo"),
        verbose_name_plural=_("versioni dell'accordo"),
    )
    objects = AccordoQuerySet.as_manager()

    class Meta:
        verbose_name = _("accordo di cittadinanza")
        verbose_name_plural = _("accordi di cittadinanza")
        ordering = ["-data_inizio", "titolo"]
        indexes = [
            # /accordi/ reads its page's rows in the list's order instead of sorting
            # every public agreement (0.43 ms against 0.03 at 300 agreements).
            models.Index(
                fields=["-data_inizio", "titolo", "id"],
                condition=~Q(stato__in=STATI_RISERVATI),
                name="accordo_pubblico_elenco",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_fine__isnull=True)
                | Q(data_inizio__isnull=True)
                | Q(data_fine__gte=models.F("data_inizio")),
                name="accordo_date_ordinate",
            ),
        ]

    def __str__(self) -> str:
        return self.titolo

    def clean(self) -> None:
        errori = {}
        if self.data_inizio and self.data_fine and self.data_fine < self.data_inizio:
            errori["data_fine"] = _("La data di fine non può precedere la data di inizio.")
        if self.slug in SLUG_RISERVATI:
            errori["slug"] = _(
                "Questo slug è riservato alle pagine dello staff: scegline un altro."
            )
        if self.ambito_id and self.comune_id and self.ambito.comune_id != self.comune_id:
            errori["ambito"] = _("L'ambito appartiene a un altro comune.")
        if self.rinnova_id and self.pk and self.rinnova_id == self.pk:
            errori["rinnova"] = _("Un accordo non può rinnovare se stesso.")
        if errori:
            raise ValidationError(errori)

    @property
    def stati_successivi(self) -> list[StatoAccordo]:
        """The states this agreement may move to next."""
        return [StatoAccordo(s) for s in TRANSIZIONI[self.stato]]

    @property
    def pubblico(self) -> bool:
        return self.stato not in STATI_RISERVATI

    def stato_alla_data(self, oggi: dt.date) -> str:
        """The state to show on `oggi`: an agreement in force past its end is scaduto,
        near its end da rinnovare; otherwise its lifecycle state."""
        if self.stato in STATI_IN_VIGORE and self.data_fine:
            if self.data_fine < oggi:
                return StatoSecondoLeDate.SCADUTO
            if self.data_fine <= oggi + dt.timedelta(days=GIORNI_AL_RINNOVO):
                return StatoSecondoLeDate.DA_RINNOVARE
        return self.stato

    @property
    def stato_mostrato(self) -> str:
        """Today's state to show (stato_alla_data)."""
        return self.stato_alla_data(timezone.localdate())

    @property
    def etichetta_stato(self) -> str:
        """The label of the state shown today, for pages and exports."""
        return str(ETICHETTE_STATO[self.stato_mostrato])

    @property
    def in_attuazione(self) -> bool:
        return self.stato in STATI_ATTUAZIONE

    def visibile_a(self, user: User | AnonymousUser) -> bool:
        """Same rule as AccordoQuerySet.visibili_a, for one agreement already loaded."""
        if e_staff_comunale(user) or self.pubblico:
            return True
        return user.is_authenticated and self.architetto_di_quartiere_id == user.pk

    def modificabile_da(self, user: User | AnonymousUser) -> bool:
        """Same rule as AccordoQuerySet.modificabili_da."""
        return e_staff_comunale(user)


class TransizioneAccordo(models.Model):
    """One step of an agreement's lifecycle: who moved it, when and why."""

    accordo = models.ForeignKey(
        Accordo,
        on_delete=models.CASCADE,
        related_name="transizioni",
        verbose_name=_("accordo"),
    )
    da = models.CharField(_("dallo stato"), max_length=30, choices=StatoAccordo)
    a = models.CharField(_("allo stato"), max_length=30, choices=StatoAccordo)
    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="transizioni_accordi",
        verbose_name=_("utente"),
    )
    momento = models.DateTimeField(_("momento"))
    motivo = models.TextField(_("motivo"))

    class Meta:
        verbose_name = _("passaggio di stato")
        verbose_name_plural = _("passaggi di stato")
        ordering = ["accordo", "momento", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(motivo=""), name="transizione_con_motivo"),
        ]

    def __str__(self) -> str:
        return f"{self.get_da_display()} → {self.get_a_display()}"


class IncontroLaboratorio(models.Model):
    """A meeting of the Laboratorio di cittadinanza that produced the agreement."""

    accordo = models.ForeignKey(
        Accordo,
        on_delete=models.CASCADE,
        related_name="incontri",
        verbose_name=_("accordo"),
    )
    data = models.DateTimeField(_("data e ora"))
    luogo = models.ForeignKey(
        "quartieri.Luogo",
        on_delete=models.SET_NULL,
        related_name="incontri_laboratorio",
        verbose_name=_("luogo"),
        null=True,
        blank=True,
    )
    luogo_testo = models.CharField(
        _("altro luogo"),
        max_length=200,
        blank=True,
        help_text=_("Una parrocchia, una scuola, un parco... se non è tra i luoghi del portale."),
    )
    partecipanti = models.PositiveIntegerField(_("partecipanti"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("incontro del laboratorio di cittadinanza")
        verbose_name_plural = _("incontri del laboratorio di cittadinanza")
        ordering = ["accordo", "data"]

    def __str__(self) -> str:
        return f"{self.accordo} – {self.data:%d/%m/%Y}"

    def clean(self) -> None:
        if not self.luogo_id and not self.luogo_testo:
            raise ValidationError(
                {"luogo": _("Indica il luogo dell'incontro: uno del portale o un altro luogo.")}
            )


class FirmatarioQuerySet(models.QuerySet):
    def pubblici(self) -> FirmatarioQuerySet:
        """Signatories that may be named publicly: organisations and consenting citizens."""
        return self.filter(~Q(tipo=Firmatario.Tipo.CITTADINO) | Q(consenso_pubblicazione=True))

    def cittadini_anonimi(self) -> FirmatarioQuerySet:
        """Citizens who did not consent to be named: shown only as a count ("N cittadini")."""
        return self.filter(tipo=Firmatario.Tipo.CITTADINO, consenso_pubblicazione=False)


class Firmatario(models.Model):
    """A party that signed (or will sign) an agreement."""

    class Tipo(models.TextChoices):
        COMUNE = "comune", _("Comune")
        ENTE = "ente", _("ente o associazione")
        GRUPPO_INFORMALE = "gruppo_informale", _("gruppo informale")
        CITTADINO = "cittadino", _("cittadino singolo")

    class Ruolo(models.TextChoices):
        PROMOTORE = "promotore", _("promotore")
        PARTNER = "partner", _("partner")
        SOSTENITORE = "sostenitore", _("sostenitore")
        ADERENTE = "aderente", _("aderente")

    accordo = models.ForeignKey(
        Accordo,
        on_delete=models.CASCADE,
        related_name="firmatari",
        verbose_name=_("accordo"),
    )
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo)
    ente = models.ForeignKey(
        "quartieri.Ente",
        on_delete=models.PROTECT,
        related_name="firme_accordi",
        verbose_name=_("ente"),
        null=True,
        blank=True,
        help_text=_("Per il Comune, l'ente del Comune (forma giuridica: ufficio del Comune)."),
    )
    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="firme_accordi",
        verbose_name=_("cittadino con account"),
        null=True,
        blank=True,
    )
    nome_cittadino = models.CharField(
        _("nome e cognome del cittadino"),
        max_length=200,
        blank=True,
        help_text=_("Per chi ha firmato su carta senza un account."),
    )
    consenso_pubblicazione = models.BooleanField(
        _("consenso a pubblicare il nome"),
        default=False,
        help_text=_("Senza consenso, il cittadino è contato ma non nominato."),
    )
    ruolo = models.CharField(_("ruolo"), max_length=20, choices=Ruolo, default=Ruolo.ADERENTE)
    data_firma = models.DateField(_("data della firma"), null=True, blank=True)
    referente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="firmatari_coordinati",
        verbose_name=_("referente"),
        help_text=_(
            "Chi coordina l'ente nell'accordo: può aggiornare i progetti di cui l'ente è partner."
        ),
        null=True,
        blank=True,
    )

    objects = FirmatarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("firmatario")
        verbose_name_plural = _("firmatari")
        ordering = ["accordo", "tipo", "pk"]
        # NULLs never collide in a unique index: citizens (no ente) and
        # organisations (no utente) are free of the other constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["accordo", "ente"],
                name="firmatario_ente_unico",
                violation_error_message=_("Questo ente è già tra i firmatari dell'accordo."),
            ),
            models.UniqueConstraint(
                fields=["accordo", "utente"],
                name="firmatario_utente_unico",
                violation_error_message=_("Questa persona è già tra i firmatari dell'accordo."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(tipo="cittadino", ente__isnull=True)
                    & (Q(utente__isnull=False) | ~Q(nome_cittadino=""))
                )
                | (~Q(tipo="cittadino") & Q(ente__isnull=False, utente__isnull=True)),
                name="firmatario_coerente_col_tipo",
            ),
        ]

    def __str__(self) -> str:
        return self.nome

    @property
    def nome(self) -> str:
        """The signatory's name (for staff: public pages must check `nominabile`)."""
        if self.ente_id:
            return self.ente.nome
        if self.utente_id:
            return self.utente.get_full_name() or self.nome_cittadino or str(_("Cittadino"))
        return self.nome_cittadino

    @property
    def nominabile(self) -> bool:
        """Same rule as FirmatarioQuerySet.pubblici."""
        return self.tipo != self.Tipo.CITTADINO or self.consenso_pubblicazione

    def clean(self) -> None:
        from quartieri.models import Ente

        errori = {}
        if self.tipo == self.Tipo.CITTADINO:
            if self.ente_id:
                errori["ente"] = _("Un cittadino singolo firma a titolo personale, senza ente.")
            if not self.utente_id and not self.nome_cittadino:
                errori["nome_cittadino"] = _(
                    "Indica il cittadino: scegli il suo account o scrivi nome e cognome."
                )
        elif self.tipo:
            if not self.ente_id:
                errori["ente"] = _("Scegli l'ente che firma.")
            elif (self.tipo == self.Tipo.COMUNE) != (
                self.ente.forma_giuridica == Ente.FormaGiuridica.UFFICIO_COMUNALE
            ):
                errori["ente"] = _(
                    "Il Comune firma con il suo ente (forma giuridica: ufficio del Comune); "
                    "gli altri enti non sono il Comune."
                )
            if self.utente_id:
                errori["utente"] = _("Un account personale si indica solo per i cittadini singoli.")
        if errori:
            raise ValidationError(errori)
