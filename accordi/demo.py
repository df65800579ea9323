"""Demo data for `make run`: Reggio Emilia's Accordi di cittadinanza (QUA_Quartiere Bene Comune).

Agreement and project titles are real (demo_data/reggio_emilia.json, sources in
/shared/facts.md §3); people are fictitious, and the lifecycle states, dates of
the steps, numbers and progress updates are illustrative. The agreements are
written at their final state with the transitions that led there (dated in the
past, by the demo staff account) rather than through the service, which would
stamp every step "now". Idempotent: rows are matched on codes, slugs and dates
and saved only when a value differs, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.text import slugify

from accordi.models import (
    Accordo,
    AggiornamentoProgetto,
    Firmatario,
    IncontroLaboratorio,
    Indicatore,
    IscrizioneRegistro,
    Progetto,
    StatoAccordo,
    Tema,
    TransizioneAccordo,
    ValoreIndicatore,
)
from portal.demo import ACCOUNT_DEMO, riga_riepilogo
from portal.models import Argomento, User
from portal.ruoli import GRUPPO_COMMUNITY_MANAGER, GRUPPO_STAFF
from quartieri.models import AmbitoTerritoriale, Comune, Ente, Luogo, Quartiere

DATI = Path(__file__).resolve().parent / "demo_data" / "reggio_emilia.json"
CODICE_ISTAT_REGGIO = "035033"
PERCORSO = [s for s in StatoAccordo if s != StatoAccordo.RITIRATO]
MOTIVI = {
    StatoAccordo.ISTRUTTORIA: "Conclusa la fase di ascolto del laboratorio di cittadinanza.",
    StatoAccordo.PROPOSTA_CONDIVISA: "Istruttoria di fattibilità tecnica ed economica dei "
    "servizi comunali conclusa; proposta condivisa in assemblea pubblica.",
    StatoAccordo.APPROVATO_GIUNTA: "Schema di accordo approvato dalla Giunta comunale.",
    StatoAccordo.FIRMATO: "Accordo firmato dal Comune e dai firmatari.",
    StatoAccordo.IN_CORSO: "Avvio dei progetti: attuazione, gestione e monitoraggio.",
    StatoAccordo.VALUTATO_RENDICONTATO: "Valutazione e rendicontazione dei risultati presentate "
    "in assemblea.",
    StatoAccordo.CHIUSO: "Accordo concluso alla scadenza.",
    StatoAccordo.RITIRATO: "Proposta ritirata su richiesta dei partecipanti.",
}
CREATO, AGGIORNATO, INVARIATO = "nuovi", "aggiornati", "invariati"


def _fuso() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _momento(testo: str) -> dt.datetime:
    return dt.datetime.fromisoformat(testo).replace(tzinfo=_fuso())


def _data(testo: str | None) -> dt.date | None:
    return dt.date.fromisoformat(testo) if testo else None


def _allinea(
    modello: type[models.Model], chiave: dict[str, Any], valori: dict[str, Any], conteggi: Counter
) -> Any:
    """Create the row matched by `chiave`, or update it only where a value differs."""
    oggetto = modello._default_manager.filter(**chiave).first()
    tipo = str(modello._meta.verbose_name_plural)
    if oggetto is None:
        oggetto = modello(**chiave, **valori)
        oggetto.full_clean(exclude=["documento_firmato"])
        oggetto.save()
        conteggi[(tipo, CREATO)] += 1
        return oggetto
    diversi = [c for c, v in valori.items() if getattr(oggetto, c) != v]
    if diversi:
        for campo in diversi:
            setattr(oggetto, campo, valori[campo])
        oggetto.full_clean(exclude=["documento_firmato"])
        oggetto.save()
    conteggi[(tipo, AGGIORNATO if diversi else INVARIATO)] += 1
    return oggetto


def _pdf_dimostrativo(titolo: str) -> bytes:
    """A one-page PDF saying it stands in for the real signed document."""
    testo = f"Accordo di cittadinanza: {titolo} - documento dimostrativo"
    testo = testo.encode("latin-1", "replace").decode("latin-1")
    testo = testo.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    flusso = f"BT /F1 11 Tf 40 780 Td ({testo}) Tj ET".encode("latin-1")
    oggetti = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(flusso), flusso),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    corpo, posizioni = b"%PDF-1.4\n", []
    for numero, oggetto in enumerate(oggetti, start=1):
        posizioni.append(len(corpo))
        corpo += b"%d 0 obj\n%s\nendobj\n" % (numero, oggetto)
    xref = len(corpo)
    corpo += b"xref\n0 %d\n0000000000 65535 f \n" % (len(oggetti) + 1)
    corpo += b"".join(b"%010d 00000 n \n" % p for p in posizioni)
    corpo += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(oggetti) + 1,
        xref,
    )
    return corpo


# The modello's topics (portal/migrations/0005) of each policy theme of the demo agreements.
ARGOMENTI_PER_TEMA = {
    "Spazio pubblico, verde e manutenzione": ("Spazio Verde",),
    "Welfare di prossimità": ("Assistenza sociale",),
    "Integrazione e socialità": ("Integrazione sociale",),
    "Inclusione di cittadini stranieri": ("Integrazione sociale",),
    "Attività pomeridiane per bambini e ragazzi": ("Istruzione", "Tempo libero"),
    "Usi collaborativi delle sale civiche": ("Associazioni",),
    "Ambiente e mobilità dolce": ("Sviluppo sostenibile",),
    "Usi temporanei di beni comuni": ("Spazio Verde",),
    "Cultura, educazione e paesaggio": ("Patrimonio culturale", "Istruzione"),
}


def _utente(gruppo: str) -> User:
    return User.objects.get(email=next(a.email for a in ACCOUNT_DEMO if a.gruppo == gruppo))


def _carica_accordo(
    a: dict,
    *,
    comune: Comune,
    temi: dict[str, Tema],
    enti: dict[str, Ente],
    staff: User,
    referente: User,
    conteggi: Counter,
) -> Accordo:
    accordo = _allinea(
        Accordo,
        {"codice": a["codice"]},
        {
            "titolo": a["titolo"],
            "slug": slugify(a["titolo"])[:200],
            "comune": comune,
            "ambito": (
                AmbitoTerritoriale.objects.get(comune=comune, codice=a["ambito"])
                if a["ambito"]
                else None
            ),
            "architetto_di_quartiere": staff,
            "descrizione": a["descrizione"],
            "data_inizio": _data(a["firma"]),
            "data_fine": _data(a["fine"]),
            "rinnova": Accordo.objects.get(codice=a["rinnova"]) if a.get("rinnova") else None,
            "stato": a["stato"],
        },
        conteggi,
    )
    # .set() writes only the difference: nothing when the sets already agree.
    accordo.quartieri.set(Quartiere.objects.filter(comune=comune, nome__in=a["quartieri"]))
    accordo.temi.set([temi[t] for t in a["temi"]])
    accordo.argomenti.set(
        Argomento.objects.filter(
            nome__in=["Associazioni", *(n for t in a["temi"] for n in ARGOMENTI_PER_TEMA[t])]
        )
    )
    if a["firma"] and not accordo.documento_firmato:
        accordo.documento_firmato.save(
            f"{a['codice'].lower()}.pdf", ContentFile(_pdf_dimostrativo(a["titolo"])), save=False
        )
        accordo.save(update_fields=["documento_firmato"])
    _carica_transizioni(accordo, a, staff, conteggi)
    for quando, dove, partecipanti in a["incontri"]:
        luogo = Luogo.objects.filter(slug=dove).first()
        _allinea(
            IncontroLaboratorio,
            {"accordo": accordo, "data": _momento(quando)},
            {
                "luogo": luogo,
                "luogo_testo": "" if luogo else dove,
                "partecipanti": partecipanti,
            },
            conteggi,
        )
    if a["firmatari"]:
        _carica_firmatari(accordo, a, enti, referente, conteggi)
    for p in a["progetti"]:
        _carica_progetto(accordo, p, temi=temi, enti=enti, autore=staff, conteggi=conteggi)
    return accordo


def _carica_transizioni(accordo: Accordo, a: dict, staff: User, conteggi: Counter) -> None:
    fine_percorso = a.get("ritirato_da", a["stato"])
    passi = PERCORSO[: PERCORSO.index(fine_percorso) + 1]
    if "ritirato_da" in a:
        passi.append(StatoAccordo.RITIRATO)
    inizio = _momento(f"{a['ascolto']} 09:00")
    # The signature day is a fact of the source; the other steps are spread around it.
    firma = _momento(f"{a['firma']} 18:30") if a["firma"] else None
    for indice, (da, verso) in enumerate(zip(passi, passi[1:], strict=False), start=1):
        if verso == StatoAccordo.FIRMATO and firma:
            momento = firma
        elif firma and PERCORSO.index(verso) > PERCORSO.index(StatoAccordo.FIRMATO):
            momento = firma + dt.timedelta(days=30 * 8 * (indice - 4))
        elif verso == StatoAccordo.APPROVATO_GIUNTA and a.get("giunta"):
            momento = _momento(f"{a['giunta']} 12:00")
        else:
            momento = inizio + dt.timedelta(days=45 * indice)
        _allinea(
            TransizioneAccordo,
            {"accordo": accordo, "da": da, "a": verso},
            {"utente": staff, "momento": momento, "motivo": MOTIVI[verso]},
            conteggi,
        )


def _carica_firmatari(
    accordo: Accordo, a: dict, enti: dict[str, Ente], referente: User, conteggi: Counter
) -> None:
    data_firma = _data(a["firma"])
    comune = enti["Comune di Reggio Emilia"]
    _allinea(
        Firmatario,
        {"accordo": accordo, "ente": comune},
        {
            "tipo": Firmatario.Tipo.COMUNE,
            "ruolo": Firmatario.Ruolo.PROMOTORE,
            "data_firma": data_firma,
        },
        conteggi,
    )
    for nome in a["firmatari"]["enti"]:
        ente = enti[nome]
        tipo = (
            Firmatario.Tipo.GRUPPO_INFORMALE
            if ente.forma_giuridica == Ente.FormaGiuridica.GRUPPO_INFORMALE
            else Firmatario.Tipo.ENTE
        )
        _allinea(
            Firmatario,
            {"accordo": accordo, "ente": ente},
            {
                "tipo": tipo,
                "ruolo": Firmatario.Ruolo.PARTNER,
                "data_firma": data_firma,
                "referente": referente if nome == a.get("referente") else None,
            },
            conteggi,
        )
    for nome, consenso in a["firmatari"]["cittadini"]:
        _allinea(
            Firmatario,
            {"accordo": accordo, "nome_cittadino": nome},
            {
                "tipo": Firmatario.Tipo.CITTADINO,
                "ruolo": Firmatario.Ruolo.ADERENTE,
                "consenso_pubblicazione": consenso,
                "data_firma": data_firma,
            },
            conteggi,
        )


def _carica_progetto(
    accordo: Accordo,
    p: dict,
    *,
    temi: dict[str, Tema],
    enti: dict[str, Ente],
    autore: User,
    conteggi: Counter,
) -> None:
    progetto = _allinea(
        Progetto,
        {"accordo": accordo, "titolo": p["titolo"]},
        {
            "descrizione": p["descrizione"],
            "famiglia": p["famiglia"],
            "tema": temi[p["tema"]],
            "stato": p["stato"],
            "luogo": Luogo.objects.get(slug=p["luogo"]) if p["luogo"] else None,
            "spazio_pubblico": p["spazio_pubblico"],
            "ore_volontariato_previste": p["ore_volontariato_previste"],
            "budget_comune": Decimal(p["budget_comune"]) if p["budget_comune"] else None,
        },
        conteggi,
    )
    progetto.partner.set([enti[n] for n in p["partner"]])
    indicatori = {
        i["nome"]: _allinea(
            Indicatore,
            {"progetto": progetto, "nome": i["nome"]},
            {"unita": i["unita"], "valore_obiettivo": Decimal(i["valore_obiettivo"])},
            conteggi,
        )
        for i in p["indicatori"]
    }
    for g in p["aggiornamenti"]:
        aggiornamento = _allinea(
            AggiornamentoProgetto,
            {"progetto": progetto, "data": _data(g["data"])},
            {
                "testo": g["testo"],
                "ore_collaborazione": Decimal(g["ore_collaborazione"]),
                "abitanti_raggiunti": g["abitanti_raggiunti"],
                "autore": autore,
            },
            conteggi,
        )
        for nome, valore in g["valori"].items():
            _allinea(
                ValoreIndicatore,
                {"aggiornamento": aggiornamento, "indicatore": indicatori[nome]},
                {"valore": Decimal(valore)},
                conteggi,
            )


def _carica_registro(dati: dict, enti: dict[str, Ente], staff: User, conteggi: Counter) -> None:
    for r in dati["registro"]:
        _allinea(
            IscrizioneRegistro,
            {"ente": enti[r["ente"]]},
            {
                "stato": r["stato"],
                "email_contatto": r["email"],
                "richiesta_il": _momento(r["richiesta"]),
                "decisa_il": _momento(r["decisa"]) if r["decisa"] else None,
                "decisa_da": staff if r["decisa"] else None,
                "motivo_rifiuto": r.get("motivo", ""),
            },
            conteggi,
        )


@transaction.atomic
def carica(stdout: IO[str]) -> None:
    """Load (or bring up to date) the demo agreements; one summary line per kind."""
    dati = json.loads(DATI.read_text(encoding="utf-8"))
    conteggi: Counter = Counter()
    comune = Comune.objects.get(codice_istat=CODICE_ISTAT_REGGIO)
    staff = _utente(GRUPPO_STAFF)
    referente = _utente(GRUPPO_COMMUNITY_MANAGER)
    temi = {
        nome: _allinea(Tema, {"slug": slugify(nome)}, {"nome": nome}, conteggi)
        for nome in dati["temi"]
    }
    for e in dati["enti_aggiuntivi"]:
        _allinea(
            Ente,
            {"slug": slugify(e["nome"])},
            {"comune": comune, "nome": e["nome"], "forma_giuridica": e["forma_giuridica"]},
            conteggi,
        )
    enti = {e.nome: e for e in Ente.objects.filter(comune=comune)}
    for a in dati["accordi"]:
        _carica_accordo(
            a,
            comune=comune,
            temi=temi,
            enti=enti,
            staff=staff,
            referente=referente,
            conteggi=conteggi,
        )
    _carica_registro(dati, enti, staff, conteggi)
    # In the order each kind was first met, which is the order of creation.
    for tipo in dict.fromkeys(tipo for tipo, _ in conteggi):
        stdout.write(
            riga_riepilogo(
                tipo,
                nuovi=conteggi[(tipo, CREATO)],
                presenti=conteggi[(tipo, AGGIORNATO)] + conteggi[(tipo, INVARIATO)],
                aggiornati=conteggi[(tipo, AGGIORNATO)],
            )
        )
