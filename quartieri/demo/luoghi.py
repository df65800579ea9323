"""Demo data for `make run`: Reggio Emilia's network of Case di Quartiere.

The records come from `quartieri/demo_data/reggio_emilia.json` (sources and guesses in
`quartieri/demo_data/FONTI.md`). Places have no known building coordinates: they get
their neighbourhood's centre, flagged as approximate. Loading is idempotent:
rows are matched on slugs and codes and saved only when a value differs, so a
second run writes nothing (not even `updated_at`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import IO, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.demo import ACCOUNT_DEMO, riga_riepilogo
from portal.models import User
from portal.ruoli import GRUPPO_COMMUNITY_MANAGER
from quartieri.demo import assistenza as demo_assistenza
from quartieri.demo import attivita as demo_attivita
from quartieri.demo import novita as demo_novita
from quartieri.demo import partecipazione as demo_partecipazione
from quartieri.models import (
    AmbitoTerritoriale,
    CategoriaServizio,
    Comune,
    EccezioneOrario,
    Ente,
    FasciaOraria,
    Luogo,
    Quartiere,
    Servizio,
    Settore,
)

DATI = Path(__file__).resolve().parent.parent / "demo_data" / "reggio_emilia.json"

# The demo community manager runs two real houses: a centro sociale turned Casa
# and a Casa run by a cooperative, so both kinds of page can be tried.
CASE_DEL_MANAGER_DEMO = ("la-mirandola", "orti-spallanzani")

# The sources give no price for most paid services: say so rather than invent one.
COSTO_NON_INDICATO = "costo da chiedere al centro"

CREATO, AGGIORNATO, INVARIATO = "nuovi", "aggiornati", "invariati"


class _Conteggi:
    """How many rows of each kind were created, updated or left as they were."""

    def __init__(self) -> None:
        self.per_tipo: dict[str, Counter] = {}

    def conta(self, tipo: str, esito: str) -> None:
        self.per_tipo.setdefault(tipo, Counter())[esito] += 1

    def scrivi(self, stdout: IO[str]) -> None:
        for tipo, conteggio in self.per_tipo.items():
            stdout.write(
                riga_riepilogo(
                    tipo,
                    nuovi=conteggio[CREATO],
                    presenti=conteggio[AGGIORNATO] + conteggio[INVARIATO],
                    aggiornati=conteggio[AGGIORNATO],
                )
            )


def _allinea(
    modello: type[models.Model], chiave: dict[str, Any], valori: dict[str, Any]
) -> tuple[Any, str]:
    """Create the row matched by `chiave`, or update it only where a value differs."""
    oggetto = modello._default_manager.filter(**chiave).first()
    if oggetto is None:
        oggetto = modello(**chiave, **valori)
        oggetto.full_clean()
        oggetto.save()
        return oggetto, CREATO
    diversi = [campo for campo, valore in valori.items() if getattr(oggetto, campo) != valore]
    if not diversi:
        return oggetto, INVARIATO
    for campo in diversi:
        setattr(oggetto, campo, valori[campo])
    oggetto.full_clean()
    oggetto.save()
    return oggetto, AGGIORNATO


def _ora(testo: str) -> dt.time:
    return dt.time.fromisoformat(testo)


def _nome_settore(testo: str) -> str:
    return testo[:1].upper() + testo[1:]


def _carica_territorio(dati: dict, conteggi: _Conteggi) -> tuple[Comune, dict[str, Quartiere]]:
    origine = dati["comune"]
    comune, esito = _allinea(
        Comune,
        {"codice_istat": origine["codice_istat"]},
        {
            "nome": origine["nome"],
            "slug": slugify(origine["nome"]),
            "lat": origine["lat"],
            "lon": origine["lon"],
        },
    )
    conteggi.conta("Comuni", esito)
    quartieri: dict[str, Quartiere] = {}
    for ambito_dati in dati["ambiti"]:
        ambito, esito = _allinea(
            AmbitoTerritoriale,
            {"comune": comune, "codice": ambito_dati["codice"]},
            {"nome": ambito_dati["nome"], "descrizione": ambito_dati.get("descrizione", "")},
        )
        conteggi.conta("Ambiti territoriali", esito)
        for q in ambito_dati["quartieri"]:
            quartiere, esito = _allinea(
                Quartiere,
                {"comune": comune, "slug": slugify(q["nome"])},
                {
                    "ambito": ambito,
                    "nome": q["nome"],
                    "tipo": q["tipo"],
                    "lat": q["lat"],
                    "lon": q["lon"],
                    "fonte_coordinate": q.get("fonte_coordinate") or "",
                },
            )
            conteggi.conta("Quartieri e frazioni", esito)
            quartieri[q["nome"]] = quartiere
    return comune, quartieri


def _carica_enti(
    dati: dict, comune: Comune, quartieri: dict[str, Quartiere], conteggi: _Conteggi
) -> dict[str, Ente]:
    settori: dict[str, Settore] = {}
    for nome in sorted({s for ente in dati["enti"] for s in ente["settori"]}):
        settore, esito = _allinea(Settore, {"slug": slugify(nome)}, {"nome": _nome_settore(nome)})
        conteggi.conta("Settori", esito)
        settori[nome] = settore
    enti: dict[str, Ente] = {}
    for e in dati["enti"]:
        ente, esito = _allinea(
            Ente,
            {"slug": slugify(e["nome"])},
            {
                "comune": comune,
                "nome": e["nome"],
                "forma_giuridica": e["forma_giuridica"],
                "codice_fiscale": e["codice_fiscale"] or "",
                "sezione_runts": e["sezione_runts"] or "",
                "numero_runts": e["numero_runts"] or "",
                "quartiere": quartieri[e["quartiere"]] if e["quartiere"] else None,
            },
        )
        voluti = {settori[s].pk for s in e["settori"]}
        if set(ente.settori.values_list("pk", flat=True)) != voluti:
            ente.settori.set(voluti)
            esito = AGGIORNATO if esito == INVARIATO else esito
        conteggi.conta("Enti", esito)
        enti[e["nome"]] = ente
    return enti


def _carica_categorie(dati: dict, conteggi: _Conteggi) -> dict[str, CategoriaServizio]:
    categorie: dict[str, CategoriaServizio] = {}
    for ordine, c in enumerate(dati["categorie_servizi"], start=1):
        categoria, esito = _allinea(
            CategoriaServizio,
            {"slug": c["slug"]},
            {
                "nome": c["nome"],
                "descrizione": c.get("descrizione", ""),
                "icona": c.get("icona", ""),
                "ordine": ordine,
                "categoria_modello": c["categoria_modello"],
            },
        )
        conteggi.conta("Categorie di servizio", esito)
        categorie[c["slug"]] = categoria
    return categorie


def _allinea_fasce(luogo: Luogo, orari: list[dict], conteggi: _Conteggi) -> None:
    """Make the place's weekly slots exactly those of the file."""
    volute = {(o["giorno"], _ora(o["apre"]), _ora(o["chiude"])) for o in orari}
    presenti = {(f.giorno, f.apre, f.chiude): f.pk for f in luogo.fasce_orarie.all()}
    superflue = [pk for fascia, pk in presenti.items() if fascia not in volute]
    if superflue:
        FasciaOraria.objects.filter(pk__in=superflue).delete()
    for giorno, apre, chiude in sorted(volute):
        if (giorno, apre, chiude) in presenti:
            conteggi.conta("Fasce orarie", INVARIATO)
            continue
        fascia = FasciaOraria(luogo=luogo, giorno=giorno, apre=apre, chiude=chiude)
        fascia.full_clean()
        fascia.save()
        conteggi.conta("Fasce orarie", CREATO)


def _carica_luoghi(
    dati: dict,
    quartieri: dict[str, Quartiere],
    enti: dict[str, Ente],
    categorie: dict[str, CategoriaServizio],
    conteggi: _Conteggi,
) -> dict[str, Luogo]:
    luoghi: dict[str, Luogo] = {}
    schede = {c["slug"]: c["scheda"] for c in dati["categorie_servizi"]}
    # A point staff set on the map is the building's: loading the demo again keeps it.
    con_punto_esatto = set(
        Luogo.objects.filter(coordinate_esatte=True).values_list("slug", flat=True)
    )
    for l in dati["luoghi"]:  # noqa: E741 - "l" for luogo, as in the file
        quartiere = quartieri[l["quartiere"]]
        accessibilita = l.get("accessibilita") or {}
        # No building coordinates are known: the neighbourhood's centre, flagged.
        posizione = (
            {}
            if l["slug"] in con_punto_esatto
            else {"lat": quartiere.lat, "lon": quartiere.lon, "coordinate_esatte": False}
        )
        luogo, esito = _allinea(
            Luogo,
            {"slug": l["slug"]},
            {
                "nome": l["nome"],
                "tipo": l["tipo"],
                "quartiere": quartiere,
                "indirizzo": l.get("indirizzo") or "",
                "cap": l.get("cap") or "",
                **posizione,
                "gestore": enti[l["gestore"]] if l.get("gestore") else None,
                "descrizione": l.get("descrizione") or "",
                "tessera": l.get("tessera") or "",
                "ingresso_senza_gradini": accessibilita.get("ingresso_senza_gradini"),
                "bagno_accessibile": accessibilita.get("bagno_accessibile"),
                "anello_induttivo": accessibilita.get("anello_induttivo"),
                "parcheggio_disabili": accessibilita.get("parcheggio_disabili"),
                "orari_di_esempio": not l.get("orari_da_fonte", False),
                "pubblicato": True,
            },
        )
        conteggi.conta("Luoghi", esito)
        _allinea_fasce(luogo, l.get("orari", []), conteggi)
        for s in l.get("servizi", []):
            scheda = schede[s["categoria"]]
            _, esito = _allinea(
                Servizio,
                {"luogo": luogo, "titolo": s["titolo"]},
                {
                    "categoria": categorie[s["categoria"]],
                    "descrizione": s.get("descrizione", ""),
                    "usa_orari_luogo": True,
                    "prenotazione": s.get("prenotazione", False),
                    "gratuito": s.get("gratuito", True),
                    "costo": s.get("costo")
                    or ("" if s.get("gratuito", True) else COSTO_NON_INDICATO),
                    "pubblico": s.get("pubblico", Servizio.Pubblico.TUTTI),
                    # The scheda servizio's texts: the service's own, else its category's.
                    "cosa_serve": s.get("cosa_serve") or scheda["cosa_serve"],
                    "cosa_si_ottiene": s.get("cosa_si_ottiene") or scheda["cosa_si_ottiene"],
                },
            )
            conteggi.conta("Servizi", esito)
        luoghi[l["slug"]] = luogo
    return luoghi


def eccezioni_demo(oggi: dt.date) -> list[dict[str, Any]]:
    """The coming holiday closures (and the reduced Christmas Eve hours) from `oggi`.

    The year is the one whose 26 December has not passed yet, so runs on the
    same day always produce the same rows.
    """
    anno = oggi.year if oggi <= dt.date(oggi.year, 12, 26) else oggi.year + 1
    chiusura = EccezioneOrario.Tipo.CHIUSURA
    return [
        {
            "tipo": chiusura,
            "data_inizio": dt.date(anno, 12, 8),
            "data_fine": dt.date(anno, 12, 8),
            "motivo": "Immacolata Concezione",
        },
        {
            "tipo": EccezioneOrario.Tipo.APERTURA,
            "data_inizio": dt.date(anno, 12, 24),
            "data_fine": dt.date(anno, 12, 24),
            "apre": dt.time(9, 0),
            "chiude": dt.time(13, 0),
            "motivo": "Vigilia di Natale: orario ridotto",
        },
        {
            "tipo": chiusura,
            "data_inizio": dt.date(anno, 12, 25),
            "data_fine": dt.date(anno, 12, 26),
            "motivo": "Natale e Santo Stefano",
        },
        {
            "tipo": chiusura,
            "data_inizio": dt.date(anno + 1, 1, 1),
            "data_fine": dt.date(anno + 1, 1, 1),
            "motivo": "Capodanno",
        },
    ]


def _carica_eccezioni(luoghi: dict[str, Luogo], conteggi: _Conteggi) -> None:
    eccezioni = eccezioni_demo(timezone.localdate())
    for luogo in luoghi.values():
        for eccezione in eccezioni:
            chiave = {
                "luogo": luogo,
                "tipo": eccezione["tipo"],
                "data_inizio": eccezione["data_inizio"],
            }
            valori = {k: v for k, v in eccezione.items() if k not in chiave}
            _, esito = _allinea(EccezioneOrario, chiave, valori)
            conteggi.conta("Eccezioni d'orario", esito)


def _assegna_manager_demo(luoghi: dict[str, Luogo], conteggi: _Conteggi) -> None:
    email = next(a.email for a in ACCOUNT_DEMO if a.gruppo == GRUPPO_COMMUNITY_MANAGER)
    manager = User.objects.get(email=email)
    for slug in CASE_DEL_MANAGER_DEMO:
        luogo = luoghi[slug]
        if luogo.community_manager.filter(pk=manager.pk).exists():
            conteggi.conta("Assegnazioni ai community manager", INVARIATO)
        else:
            luogo.community_manager.add(manager)
            conteggi.conta("Assegnazioni ai community manager", CREATO)


@transaction.atomic
def carica(stdout: IO[str]) -> None:
    """Load (or bring up to date) the Reggio Emilia demo records; one summary line per kind."""
    dati = json.loads(DATI.read_text(encoding="utf-8"))
    conteggi = _Conteggi()
    comune, quartieri = _carica_territorio(dati, conteggi)
    enti = _carica_enti(dati, comune, quartieri, conteggi)
    categorie = _carica_categorie(dati, conteggi)
    luoghi = _carica_luoghi(dati, quartieri, enti, categorie, conteggi)
    _carica_eccezioni(luoghi, conteggi)
    _assegna_manager_demo(luoghi, conteggi)
    # The summary follows the order of creation: the places before their activities.
    conteggi.scrivi(stdout)
    demo_attivita.carica(luoghi, dati, stdout)
    demo_partecipazione.carica(comune, luoghi, stdout)
    demo_assistenza.carica(stdout)
    demo_novita.carica(luoghi, stdout)
