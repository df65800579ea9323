"""Proximity services offered at a place, grouped in staff-managed categories."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.validators import valida_pdf
from quartieri.distanza import espressione_distanza_km
from quartieri.models.luoghi import EccezioneOrario, FasciaOrariaBase, Luogo


class CategoriaModello(models.TextChoices):
    """The service categories of the national modello Comuni (criterion C.SI.1.7).

    The titles are the validator's controlled vocabulary, to the letter; the
    portal's own categories are each filed under one of them.
    """

    EDUCAZIONE = "educazione-e-formazione", _("Educazione e formazione")
    SALUTE = "salute-benessere-e-assistenza", _("Salute, benessere e assistenza")
    LAVORO = "vita-lavorativa", _("Vita lavorativa")
    MOBILITA = "mobilita-e-trasporti", _("Mobilità e trasporti")
    CATASTO = "catasto-e-urbanistica", _("Catasto e urbanistica")
    ANAGRAFE = "anagrafe-e-stato-civile", _("Anagrafe e stato civile")
    TURISMO = "turismo", _("Turismo")
    GIUSTIZIA = "giustizia-e-sicurezza-pubblica", _("Giustizia e sicurezza pubblica")
    TRIBUTI = "tributi-finanze-e-contravvenzioni", _("Tributi, finanze e contravvenzioni")
    CULTURA = "cultura-e-tempo-libero", _("Cultura e tempo libero")
    AMBIENTE = "ambiente", _("Ambiente")
    IMPRESE = "imprese-e-commercio", _("Imprese e commercio")
    AUTORIZZAZIONI = "autorizzazioni", _("Autorizzazioni")
    APPALTI = "appalti-pubblici", _("Appalti pubblici")
    AGRICOLTURA = "agricoltura-e-pesca", _("Agricoltura e pesca")


class CategoriaServizio(models.Model):
    """Portierato sociale, punto di ritiro pacchi, facilitazione digitale, ..."""

    nome = models.CharField(_("nome"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    descrizione = models.TextField(_("descrizione"), blank=True)
    icona = models.CharField(
        _("icona"), max_length=50, blank=True, help_text=_("Nome di un'icona di Bootstrap Italia.")
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)
    categoria_modello = models.CharField(
        _("categoria del modello Comuni"),
        max_length=50,
        choices=CategoriaModello,
        default=CategoriaModello.SALUTE,
        help_text=_("La categoria nazionale dei servizi comunali sotto cui compare."),
    )

    class Meta:
        verbose_name = _("categoria di servizio")
        verbose_name_plural = _("categorie di servizio")
        ordering = ["ordine", "nome"]

    def __str__(self) -> str:
        return self.nome


class ServizioQuerySet(models.QuerySet):
    def pubblicati(self) -> ServizioQuerySet:
        """Published services at published places."""
        return self.filter(pubblicato=True, luogo__pubblicato=True)

    def chiavi_per_distanza(self, lat: float, lon: float, da: int, a: int) -> list[int]:
        """The pks of rows `da` to `a` (excluded) of these services sorted by their place's
        distance from (lat, lon), ties broken by pk: the order of
        `VicinoAMeFilterSet`, for one page.

        The ~1,000 places are sorted first and their services joined in that order,
        so PostgreSQL reads only the nearest places' services (an incremental sort
        under the LIMIT); a distance computed over the join makes it sort every
        service. Django has no join to a subquery, hence the SQL around the two
        querysets' own.
        """
        if a <= da:
            return []
        try:
            servizi, parametri_servizi = (
                self.order_by()
                .values(chiave=F("pk"), chiave_luogo=F("luogo_id"))
                .query.sql_with_params()
            )
        except EmptyResultSet:
            return []
        luoghi, parametri_luoghi = (
            Luogo.objects.values(
                chiave_luogo=F("pk"),
                distanza_km=espressione_distanza_km(lat, lon, campo_lat="lat", campo_lon="lon"),
            )
            .order_by("distanza_km")
            .query.sql_with_params()
        )
        nome = connections[self.db].ops.quote_name
        # Both fragments are Django's compiled SQL; every value travels as a parameter.
        sql = (
            f"SELECT s.{nome('chiave')} FROM ({servizi}) s"  # noqa: S608
            f" INNER JOIN ({luoghi}) l ON s.{nome('chiave_luogo')} = l.{nome('chiave_luogo')}"
            f" ORDER BY l.{nome('distanza_km')}, s.{nome('chiave')} LIMIT %s OFFSET %s"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*parametri_servizi, *parametri_luoghi, a - da, da])
            return [pk for (pk,) in cursor.fetchall()]

    def della_categoria_modello(self, categoria: str) -> ServizioQuerySet:
        """Services whose category is filed under the modello Comuni's `categoria`."""
        return self.filter(categoria__categoria_modello=categoria)

    def per_categoria_modello(self) -> list[tuple[CategoriaModello, int]]:
        """The modello Comuni's categories these services fall under, with how many each,
        in the modello's order; counted in the database, in one query."""
        numeri = dict(
            self.order_by()
            .values_list("categoria__categoria_modello")
            .annotate(numero=models.Count("pk"))
        )
        return [(c, numeri[c.value]) for c in CategoriaModello if c.value in numeri]

    def aperti_il(self, momento: dt.datetime) -> ServizioQuerySet:
        """Services open at `momento`, computed in the database with quartieri.orari's rules.

        A service on its place's hours is open when the place is; one with its own
        slots follows them, except on the place's exception days, whose slots
        replace them (a closure has none).
        """
        from quartieri.orari import fuso_orario

        locale = momento.astimezone(fuso_orario())
        giorno, ora = locale.date(), locale.time()
        eccezioni_del_giorno = EccezioneOrario.objects.filter(
            luogo=OuterRef("luogo"), data_inizio__lte=giorno, data_fine__gte=giorno
        )
        apertura_speciale = eccezioni_del_giorno.filter(
            tipo=EccezioneOrario.Tipo.APERTURA, apre__lte=ora, chiude__gt=ora
        )
        fascia_propria = FasciaOrariaServizio.objects.filter(
            servizio=OuterRef("pk"), giorno=giorno.weekday(), apre__lte=ora, chiude__gt=ora
        )
        return self.filter(
            Q(usa_orari_luogo=True, luogo__in=Luogo.objects.aperti_il(momento).values("pk"))
            | Q(usa_orari_luogo=False)
            & ((Exists(fascia_propria) & ~Exists(eccezioni_del_giorno)) | Exists(apertura_speciale))
        )


class Servizio(models.Model):
    """A service offered at a place: its own hours, or the place's."""

    class Pubblico(models.TextChoices):
        TUTTI = "tutti", _("tutti")
        BAMBINI = "bambini", _("bambini")
        RAGAZZI = "ragazzi", _("ragazze e ragazzi")
        FAMIGLIE = "famiglie", _("famiglie")
        ADULTI = "adulti", _("adulti")
        ANZIANI = "anziani", _("anziani")

    luogo = models.ForeignKey(
        "quartieri.Luogo", on_delete=models.CASCADE, related_name="servizi", verbose_name=_("luogo")
    )
    categoria = models.ForeignKey(
        CategoriaServizio,
        on_delete=models.PROTECT,
        related_name="servizi",
        verbose_name=_("categoria"),
    )
    titolo = models.CharField(_("titolo"), max_length=200)
    descrizione = models.TextField(_("descrizione"), blank=True)
    usa_orari_luogo = models.BooleanField(
        _("stessi orari del luogo"),
        default=True,
        help_text=_("Se non è spuntato, valgono le fasce orarie proprie del servizio."),
    )
    prenotazione = models.BooleanField(_("su prenotazione"), default=False)
    gratuito = models.BooleanField(_("gratuito"), default=True)
    costo = models.CharField(_("costo"), max_length=100, blank=True)
    pubblico = models.CharField(
        _("a chi si rivolge"), max_length=20, choices=Pubblico, default=Pubblico.TUTTI
    )
    argomenti = models.ManyToManyField(
        "portal.Argomento", related_name="servizi", verbose_name=_("argomenti"), blank=True
    )
    pubblicato = models.BooleanField(_("pubblicato"), default=True)
    # The state and sections of the modello Comuni's "scheda servizio", in its order.
    # A checkbox left unticked means "not suspended": a form that omits it never
    # suspends a service by mistake.
    sospeso = models.BooleanField(
        _("sospeso"),
        default=False,
        help_text=_("Un servizio sospeso resta pubblicato, come «non attivo», con il motivo."),
    )
    motivo_sospensione = models.CharField(
        _("motivo della sospensione"),
        max_length=300,
        blank=True,
        help_text=_("Obbligatorio se il servizio è sospeso."),
    )
    destinatari = models.TextField(
        _("a chi è rivolto"),
        blank=True,
        help_text=_("Chi può usare il servizio e a quali condizioni, oltre al pubblico indicato."),
    )
    come_fare = models.TextField(
        _("come fare"), blank=True, help_text=_("I passi per usare il servizio.")
    )
    cosa_serve = models.TextField(
        _("cosa serve"), blank=True, help_text=_("Documenti o oggetti da portare.")
    )
    cosa_si_ottiene = models.TextField(_("cosa si ottiene"), blank=True)
    tempi_e_scadenze = models.TextField(
        _("tempi e scadenze"),
        blank=True,
        help_text=_(
            "Tempi di attesa, periodi di apertura, scadenze. Gli orari si aggiungono da soli."
        ),
    )
    url_prenotazione = models.URLField(
        _("indirizzo per prenotare"),
        blank=True,
        help_text=_(
            "Facoltativo: la pagina dove si prenota. Senza, si prenota con i contatti del luogo."
        ),
    )
    condizioni = models.FileField(
        _("condizioni di servizio"),
        upload_to="servizi/condizioni/",
        blank=True,
        validators=[valida_pdf],
        help_text=_("Facoltativo: il regolamento o le condizioni d'uso, in PDF."),
    )
    ulteriori_informazioni = models.TextField(_("ulteriori informazioni"), blank=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = ServizioQuerySet.as_manager()

    class Meta:
        verbose_name = _("servizio di prossimità")
        verbose_name_plural = _("servizi di prossimità")
        ordering = ["categoria__ordine", "titolo", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gratuito=True) | ~Q(costo=""), name="servizio_a_pagamento_ha_costo"
            ),
            models.CheckConstraint(
                condition=Q(sospeso=False) | ~Q(motivo_sospensione=""),
                name="servizio_sospeso_ha_motivo",
            ),
        ]
        indexes = [
            # The finder sorts every published service by its place's distance: this
            # covering index lets PostgreSQL read ids and places without the wide rows.
            models.Index(
                fields=["luogo", "id"],
                condition=Q(pubblicato=True),
                name="servizio_pubblicato_luogo",
            ),
        ]

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("quartieri:servizio", args=[self.pk])

    def clean(self) -> None:
        # Modello Comuni: the "motivo dello stato" is shown when a service is not active.
        if self.sospeso and not self.motivo_sospensione.strip():
            raise ValidationError(
                {"motivo_sospensione": _("Spiega perché il servizio è sospeso e fino a quando.")}
            )


class FasciaOrariaServizio(FasciaOrariaBase):
    servizio = models.ForeignKey(
        Servizio, on_delete=models.CASCADE, related_name="fasce_orarie", verbose_name=_("servizio")
    )

    class Meta(FasciaOrariaBase.Meta):
        verbose_name = _("fascia oraria del servizio")
        verbose_name_plural = _("fasce orarie del servizio")
        constraints = [
            models.CheckConstraint(
                condition=Q(chiude__gt=models.F("apre")), name="fascia_servizio_ordinata"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_giorno_display()} {self.apre:%H:%M}–{self.chiude:%H:%M}"
