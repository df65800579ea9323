"""The network's figures, counted and summed in the database.

Shared by the bilancio, the /numeri/ page and the yearly-numbers open data.
The apps' models are imported inside the functions: portal must not import
quartieri, accordi or volontari when it is loaded.

Figures count what has happened by `adesso` (default: now): a date still to
come, a meeting not held yet or an agreement not started yet is not a result
of the year, even when it is already in the calendar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from portal.report.periodi import anno as _anno
from portal.report.periodi import mezzanotte

ZERO = Decimal("0")
ORE = DecimalField(max_digits=14, decimal_places=2)


def _periodo(anno: int, adesso: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    """The instants [dal, al) of `anno` already past at `adesso`."""
    inizio, fine = _anno(anno)
    adesso = adesso or timezone.now()
    return mezzanotte(inizio), max(mezzanotte(inizio), min(mezzanotte(fine), adesso))


def _giorni(anno: int, adesso: dt.datetime | None) -> tuple[dt.date, dt.date]:
    """The days [dal, al) of `anno` already begun at `adesso`: today counts."""
    inizio, fine = _anno(anno)
    domani = timezone.localdate(adesso or timezone.now()) + dt.timedelta(days=1)
    return inizio, max(inizio, min(fine, domani))


def _accordi_dell_anno(anno: int, ambito: int | None, adesso: dt.datetime | None = None):
    """Public agreements in force for at least a day of `anno` so far (open-ended ones included)."""
    from accordi.models import Accordo, StatoAccordo

    inizio, fine = _giorni(anno, adesso)
    accordi = (
        Accordo.objects.pubblici()
        .exclude(stato=StatoAccordo.RITIRATO)
        .filter(Q(data_inizio__isnull=True) | Q(data_inizio__lt=fine))
        .filter(Q(data_fine__isnull=True) | Q(data_fine__gte=inizio))
    )
    return accordi.filter(ambito=ambito) if ambito else accordi


def _filtro_luogo(prefisso: str, ambito: int | None) -> Q:
    return Q(**{f"{prefisso}quartiere__ambito": ambito}) if ambito else Q()


def _ore_approvate(ambito: int | None):
    from volontari.models import OreVolontariato

    ore = OreVolontariato.objects.approvate()
    if ambito:
        ore = ore.filter(
            Q(incarico__opportunita__luogo__quartiere__ambito=ambito)
            | Q(incarico__opportunita__quartiere__ambito=ambito)
            | Q(incarico__opportunita__progetto__accordo__ambito=ambito)
        )
    return ore


def cifre_accordi(anno: int, ambito: int | None = None, adesso: dt.datetime | None = None) -> dict:
    """Agreements by status, projects, signatories, hours and inhabitants of `anno`."""
    from accordi.models import AggiornamentoProgetto, Firmatario, Progetto

    inizio, fine = _giorni(anno, adesso)
    accordi = _accordi_dell_anno(anno, ambito, adesso)
    per_stato = dict(
        accordi.order_by()
        .values_list("stato")
        .annotate(numero=Count("pk"))
        .values_list("stato", "numero")
    )
    progetti = Progetto.objects.filter(accordo__in=accordi)
    firmatari = Firmatario.objects.filter(accordo__in=accordi).aggregate(
        enti=Count(
            "ente",
            distinct=True,
            filter=Q(tipo__in=[Firmatario.Tipo.ENTE, Firmatario.Tipo.GRUPPO_INFORMALE]),
        ),
        cittadini=Count("pk", filter=Q(tipo=Firmatario.Tipo.CITTADINO)),
    )
    aggiornamenti = AggiornamentoProgetto.objects.filter(progetto__accordo__in=accordi)
    ore = aggiornamenti.filter(data__gte=inizio, data__lt=fine).aggregate(
        ore=Coalesce(Sum("ore_collaborazione"), ZERO, output_field=ORE)
    )["ore"]
    # Inhabitants are a running total per project: its latest figure stated by the year's end.
    ultimo = (
        AggiornamentoProgetto.objects.filter(
            progetto=OuterRef("pk"), abitanti_raggiunti__isnull=False, data__lt=fine
        )
        .order_by("-data", "-pk")
        .values("abitanti_raggiunti")[:1]
    )
    abitanti = progetti.annotate(abitanti=Subquery(ultimo, output_field=IntegerField())).aggregate(
        totale=Coalesce(Sum("abitanti"), 0)
    )["totale"]
    return {
        "accordi": sum(per_stato.values()),
        "accordi_per_stato": per_stato,
        "progetti": progetti.count(),
        "enti_firmatari": firmatari["enti"],
        "cittadini_firmatari": firmatari["cittadini"],
        "ore_collaborazione": ore,
        "abitanti_raggiunti": abitanti,
    }


def cifre_volontari(
    anno: int, ambito: int | None = None, adesso: dt.datetime | None = None
) -> dict:
    """Volunteers with approved hours in `anno` and the hours approved."""
    inizio, fine = _giorni(anno, adesso)
    return (
        _ore_approvate(ambito)
        .filter(data__gte=inizio, data__lt=fine)
        .aggregate(
            volontari=Count("incarico__volontario", distinct=True),
            ore=Coalesce(Sum("ore"), ZERO, output_field=ORE),
        )
    )


def attivita_per_casa(
    anno: int, ambito: int | None = None, adesso: dt.datetime | None = None
) -> list[dict]:
    """For each place: activities held, participants and desk contacts in `anno`."""
    from quartieri.models import ContattoSportello, Luogo, Occorrenza

    dal, al = _periodo(anno, adesso)
    # One grouped query per figure, joined to the places by id: a correlated
    # subquery per place would scan the year's occurrences once for every place.
    attivita = {
        riga["attivita__luogo"]: riga
        for riga in Occorrenza.objects.svolte(al)
        .filter(_filtro_luogo("attivita__luogo__", ambito), inizio__gte=dal, inizio__lt=al)
        .order_by()
        .values("attivita__luogo")
        .annotate(n=Count("pk"), partecipanti=Coalesce(Sum("resoconto__partecipanti_totale"), 0))
    }
    contatti = dict(
        ContattoSportello.objects.filter(
            _filtro_luogo("luogo__", ambito), momento__gte=dal, momento__lt=al
        )
        .order_by()
        .values_list("luogo")
        .annotate(n=Count("pk"))
        .values_list("luogo", "n")
    )
    righe = []
    for luogo in (
        Luogo.objects.pubblicati()
        .filter(_filtro_luogo("", ambito))
        .values("pk", "nome", "quartiere__nome")
        .order_by("nome", "pk")
    ):
        delle_attivita = attivita.get(luogo["pk"], {})
        righe.append(
            {
                "nome": luogo["nome"],
                "quartiere__nome": luogo["quartiere__nome"],
                "attivita_svolte": delle_attivita.get("n", 0),
                "partecipanti": delle_attivita.get("partecipanti", 0),
                "n_contatti": contatti.get(luogo["pk"], 0),
            }
        )
    return righe


def cifre_case(anno: int, ambito: int | None = None, adesso: dt.datetime | None = None) -> dict:
    """Network totals of `anno`: activities held, participants, desk contacts."""
    from quartieri.models import ContattoSportello, Occorrenza, Resoconto

    dal, al = _periodo(anno, adesso)
    occorrenze = Occorrenza.objects.svolte(al).filter(
        _filtro_luogo("attivita__luogo__", ambito), inizio__gte=dal, inizio__lt=al
    )
    return {
        "attivita_svolte": occorrenze.count(),
        "partecipanti": Resoconto.objects.filter(occorrenza__in=occorrenze).aggregate(
            n=Coalesce(Sum("partecipanti_totale"), 0)
        )["n"],
        "contatti_sportello": ContattoSportello.objects.filter(
            _filtro_luogo("luogo__", ambito), momento__gte=dal, momento__lt=al
        ).count(),
    }


def riunioni_per_organismo(
    anno: int, ambito: int | None = None, adesso: dt.datetime | None = None
) -> list[dict]:
    """For each participation body: meetings held in `anno`, people and members present."""
    from quartieri.models import Organismo, Riunione

    dal, al = _periodo(anno, adesso)
    riunioni = (
        Riunione.objects.passate(al)
        .filter(organismo=OuterRef("pk"), inizio__gte=dal, inizio__lt=al)
        .order_by()
    )
    numero = riunioni.values("organismo").annotate(n=Count("pk")).values("n")
    persone = riunioni.values("organismo").annotate(n=Sum("partecipanti")).values("n")
    # Members present: a separate subquery, since joining them would repeat each meeting.
    presenze = riunioni.values("organismo").annotate(n=Count("presenti")).values("n")
    organismi = Organismo.objects.pubblicati()
    if ambito:
        organismi = organismi.filter(ambiti=ambito)
    return list(
        organismi.annotate(
            n_riunioni=Coalesce(Subquery(numero, output_field=IntegerField()), 0),
            n_partecipanti=Coalesce(Subquery(persone, output_field=IntegerField()), 0),
            presenze_membri=Coalesce(Subquery(presenze, output_field=IntegerField()), 0),
        )
        .values("nome", "n_riunioni", "n_partecipanti", "presenze_membri")
        .order_by("nome")
    )


def cifre_anno(anno: int, ambito: int | None = None, adesso: dt.datetime | None = None) -> dict:
    """The bilancio's headline figures of one year, as far as it has gone by `adesso`."""
    accordi = cifre_accordi(anno, ambito, adesso)
    volontari = cifre_volontari(anno, ambito, adesso)
    case = cifre_case(anno, ambito, adesso)
    return {
        **case,
        **accordi,
        "volontari": volontari["volontari"],
        "ore_volontariato": volontari["ore"],
    }


def _per_anno(righe) -> dict[int, object]:
    return {riga["anno"]: riga["valore"] for riga in righe if riga["anno"] is not None}


def serie_annuali(adesso: dt.datetime | None = None) -> dict[str, dict[int, object]]:
    """Each headline figure year by year, up to `adesso`: one grouped query per figure."""
    from accordi.models import Accordo, AggiornamentoProgetto, Firmatario, StatoAccordo
    from quartieri.models import ContattoSportello, Occorrenza, Resoconto, Riunione

    adesso = adesso or timezone.now()
    oggi = timezone.localdate(adesso)

    def per_anno(queryset, campo_data: str, valore) -> dict[int, object]:
        return _per_anno(
            queryset.order_by()
            .annotate(anno=ExtractYear(campo_data))
            .values("anno")
            .annotate(valore=valore)
            .values("anno", "valore")
        )

    accordi = Accordo.objects.pubblici().exclude(stato=StatoAccordo.RITIRATO)
    ore_approvate = _ore_approvate(None).filter(data__lte=oggi)
    return {
        "attivita_svolte": per_anno(Occorrenza.objects.svolte(adesso), "inizio", Count("pk")),
        "partecipanti": per_anno(
            Resoconto.objects.filter(occorrenza__in=Occorrenza.objects.svolte(adesso)),
            "occorrenza__inizio",
            Sum("partecipanti_totale"),
        ),
        "contatti_sportello": per_anno(
            ContattoSportello.objects.filter(momento__lte=adesso), "momento", Count("pk")
        ),
        "accordi_avviati": per_anno(
            accordi.filter(data_inizio__lte=oggi), "data_inizio", Count("pk")
        ),
        "firmatari": per_anno(
            Firmatario.objects.filter(accordo__in=accordi, data_firma__lte=oggi),
            "data_firma",
            Count("pk"),
        ),
        "ore_collaborazione": per_anno(
            AggiornamentoProgetto.objects.filter(progetto__accordo__in=accordi, data__lte=oggi),
            "data",
            Sum("ore_collaborazione"),
        ),
        "ore_volontariato": per_anno(ore_approvate, "data", Sum("ore")),
        "volontari": per_anno(ore_approvate, "data", Count("incarico__volontario", distinct=True)),
        "riunioni": per_anno(Riunione.objects.pubbliche().passate(adesso), "inizio", Count("pk")),
    }


def cifre_rete(adesso: dt.datetime | None = None) -> dict:
    """What the network is today: places, services, agreements by status, inhabitants
    reached, and the public activity dates and meetings planned from `adesso` on."""
    from accordi.models import Accordo, AggiornamentoProgetto
    from quartieri.models import Luogo, Occorrenza, Riunione, Servizio

    adesso = adesso or timezone.now()
    return {
        "luoghi": Luogo.objects.pubblicati().count(),
        "servizi": Servizio.objects.pubblicati().count(),
        "attivita_in_programma": Occorrenza.objects.pubbliche().in_programma(adesso).count(),
        "riunioni_in_programma": Riunione.objects.pubbliche().filter(inizio__gt=adesso).count(),
        # By the state shown: an agreement past its term counts as scaduto, not firmato.
        "accordi_per_stato": dict(
            Accordo.objects.pubblici()
            .con_stato_secondo_le_date(timezone.localdate(adesso))
            .order_by()
            .values_list("stato_secondo_le_date")
            .annotate(numero=Count("pk"))
            .values_list("stato_secondo_le_date", "numero")
        ),
        "abitanti_raggiunti": AggiornamentoProgetto.objects.ultimi_con_abitanti()
        .filter(progetto__accordo__in=Accordo.objects.pubblici())
        .aggregate(n=Coalesce(Sum("abitanti_raggiunti"), 0))["n"],
    }


def cifre_per_ambito(anno: int, adesso: dt.datetime | None = None) -> list[dict]:
    """For each territorial area: places, activities held and participants in `anno`, agreements."""
    from accordi.models import Accordo
    from quartieri.models import AmbitoTerritoriale, Luogo, Occorrenza

    dal, al = _periodo(anno, adesso)
    ambito = "attivita__luogo__quartiere__ambito"
    attivita = {
        riga[ambito]: riga
        for riga in Occorrenza.objects.svolte(al)
        .filter(inizio__gte=dal, inizio__lt=al)
        .order_by()
        .values(ambito)
        .annotate(n=Count("pk"), partecipanti=Coalesce(Sum("resoconto__partecipanti_totale"), 0))
    }
    luoghi = dict(
        Luogo.objects.pubblicati()
        .order_by()
        .values_list("quartiere__ambito")
        .annotate(n=Count("pk"))
        .values_list("quartiere__ambito", "n")
    )
    accordi = dict(
        Accordo.objects.pubblici()
        .order_by()
        .values_list("ambito")
        .annotate(n=Count("pk"))
        .values_list("ambito", "n")
    )
    return [
        {
            "pk": riga["pk"],
            "nome": riga["nome"],
            "n_luoghi": luoghi.get(riga["pk"], 0),
            "n_attivita": attivita.get(riga["pk"], {}).get("n", 0),
            "n_partecipanti": attivita.get(riga["pk"], {}).get("partecipanti", 0),
            "n_accordi": accordi.get(riga["pk"], 0),
        }
        for riga in AmbitoTerritoriale.objects.values("pk", "nome").order_by(
            "comune__nome", "codice"
        )
    ]
