"""The agreement's lifecycle: only the allowed transitions exist, each one recorded."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection

from accordi.models import TRANSIZIONI, Accordo, StatoAccordo, TransizioneAccordo
from accordi.services import avanza_accordo
from portal.ruoli import GRUPPO_STAFF
from tests.conftest import crea_utente
from tests.factories import crea_accordo, crea_firmatario

pytestmark = pytest.mark.django_db

PERCORSO = [
    StatoAccordo.ASCOLTO,
    StatoAccordo.ISTRUTTORIA,
    StatoAccordo.PROPOSTA_CONDIVISA,
    StatoAccordo.APPROVATO_GIUNTA,
    StatoAccordo.FIRMATO,
    StatoAccordo.IN_CORSO,
    StatoAccordo.VALUTATO_RENDICONTATO,
    StatoAccordo.CHIUSO,
]
PDF = b"%PDF-1.4\n%demo\n"


def _firmabile(stato: str) -> Accordo:
    accordo = crea_accordo(stato=stato)
    accordo.documento_firmato.save("accordo.pdf", ContentFile(PDF), save=True)
    crea_firmatario(accordo)
    return accordo


def _fotografia(accordo: Accordo) -> tuple:
    accordo.refresh_from_db()
    return (
        accordo.stato,
        accordo.updated_at,
        TransizioneAccordo.objects.count(),
        accordo.history.count(),
    )


def test_la_tabella_segue_il_processo_reale():
    for stato, successivo in zip(PERCORSO, PERCORSO[1:], strict=False):
        assert set(TRANSIZIONI[stato]) == {successivo, StatoAccordo.RITIRATO}
    assert TRANSIZIONI[StatoAccordo.CHIUSO] == ()
    assert TRANSIZIONI[StatoAccordo.RITIRATO] == ()


@pytest.mark.parametrize(
    ("da", "a"), list(zip(PERCORSO, PERCORSO[1:], strict=False)), ids=lambda s: str(s)
)
def test_ogni_passaggio_consentito_registra_chi_quando_perche(staff, da, a):
    accordo = _firmabile(da)
    momento = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)
    with time_machine.travel(momento, tick=False):
        transizione = avanza_accordo(
            accordo=accordo, nuovo_stato=a, utente=staff, motivo="Delibera n. 12"
        )
    accordo.refresh_from_db()
    assert accordo.stato == a
    assert (transizione.da, transizione.a) == (da, a)
    assert transizione.utente == staff
    assert transizione.momento == momento
    assert transizione.motivo == "Delibera n. 12"
    versione = accordo.history.order_by("-history_id").first()
    assert versione.history_user == staff
    assert versione.history_change_reason == "Delibera n. 12"


def test_il_percorso_completo_lascia_la_storia_in_ordine(staff):
    accordo = _firmabile(StatoAccordo.ASCOLTO)
    for stato in PERCORSO[1:]:
        avanza_accordo(accordo=accordo, nuovo_stato=stato, utente=staff, motivo=f"verso {stato}")
    assert accordo.stato == StatoAccordo.CHIUSO
    assert [t.a for t in accordo.transizioni.all()] == PERCORSO[1:]


@pytest.mark.parametrize("da", PERCORSO[:-1], ids=str)
def test_si_puo_ritirare_da_ogni_passo_prima_della_chiusura(staff, da):
    accordo = crea_accordo(stato=da)
    avanza_accordo(
        accordo=accordo, nuovo_stato=StatoAccordo.RITIRATO, utente=staff, motivo="Rinuncia"
    )
    accordo.refresh_from_db()
    assert accordo.stato == StatoAccordo.RITIRATO


@pytest.mark.parametrize(
    ("da", "a"),
    [
        (StatoAccordo.ASCOLTO, StatoAccordo.FIRMATO),
        (StatoAccordo.ISTRUTTORIA, StatoAccordo.ASCOLTO),
        (StatoAccordo.IN_CORSO, StatoAccordo.IN_CORSO),
        (StatoAccordo.CHIUSO, StatoAccordo.RITIRATO),
        (StatoAccordo.CHIUSO, StatoAccordo.IN_CORSO),
        (StatoAccordo.RITIRATO, StatoAccordo.ASCOLTO),
        (StatoAccordo.ASCOLTO, "inventato"),
    ],
    ids=str,
)
def test_un_passaggio_sbagliato_da_un_errore_chiaro_e_non_cambia_nulla(staff, da, a):
    accordo = crea_accordo(stato=da)
    prima = _fotografia(accordo)
    with pytest.raises(ValidationError) as errore:
        avanza_accordo(accordo=accordo, nuovo_stato=a, utente=staff, motivo="Prova")
    messaggio = " ".join(errore.value.message_dict["nuovo_stato"])
    assert "non può passare" in messaggio
    assert str(StatoAccordo(da).label) in messaggio
    assert _fotografia(accordo) == prima


def test_l_errore_elenca_gli_stati_possibili(staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    with pytest.raises(ValidationError) as errore:
        avanza_accordo(
            accordo=accordo, nuovo_stato=StatoAccordo.CHIUSO, utente=staff, motivo="Prova"
        )
    assert "istruttoria di fattibilità, ritirato" in str(errore.value)


def test_il_motivo_e_obbligatorio(staff):
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    prima = _fotografia(accordo)
    with pytest.raises(ValidationError) as errore:
        avanza_accordo(
            accordo=accordo, nuovo_stato=StatoAccordo.ISTRUTTORIA, utente=staff, motivo="  "
        )
    assert "motivo" in errore.value.message_dict
    assert _fotografia(accordo) == prima


def test_firmare_richiede_il_pdf_firmato(staff):
    accordo = crea_accordo(stato=StatoAccordo.APPROVATO_GIUNTA)
    crea_firmatario(accordo)
    prima = _fotografia(accordo)
    with pytest.raises(ValidationError) as errore:
        avanza_accordo(
            accordo=accordo, nuovo_stato=StatoAccordo.FIRMATO, utente=staff, motivo="Firma"
        )
    assert "PDF" in str(errore.value)
    assert _fotografia(accordo) == prima


def test_firmare_richiede_almeno_un_firmatario(staff):
    accordo = crea_accordo(stato=StatoAccordo.APPROVATO_GIUNTA)
    accordo.documento_firmato.save("accordo.pdf", ContentFile(PDF), save=True)
    prima = _fotografia(accordo)
    with pytest.raises(ValidationError) as errore:
        avanza_accordo(
            accordo=accordo, nuovo_stato=StatoAccordo.FIRMATO, utente=staff, motivo="Firma"
        )
    assert "firmatario" in str(errore.value)
    assert _fotografia(accordo) == prima


@pytest.mark.parametrize("persona", ["cittadino", "community_manager", "tutor"])
def test_solo_lo_staff_muove_un_accordo(request, persona):
    utente = request.getfixturevalue(persona)
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO, architetto_di_quartiere=utente)
    prima = _fotografia(accordo)
    with pytest.raises(PermissionDenied):
        avanza_accordo(
            accordo=accordo, nuovo_stato=StatoAccordo.ISTRUTTORIA, utente=utente, motivo="x"
        )
    assert _fotografia(accordo) == prima


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_due_passaggi_contemporanei_ne_registrano_uno_solo():
    """The row lock makes the second officer see the state the first one left."""
    staff = crea_utente("staff.concorrenza@comune.test", gruppo=GRUPPO_STAFF, is_staff=True)
    accordo = crea_accordo(stato=StatoAccordo.ASCOLTO)
    barriera = threading.Barrier(2)
    esiti: list[str] = []

    def passa() -> None:
        try:
            barriera.wait()
            avanza_accordo(
                accordo=Accordo.objects.get(pk=accordo.pk),
                nuovo_stato=StatoAccordo.ISTRUTTORIA,
                utente=staff,
                motivo="Insieme",
            )
            esiti.append("ok")
        except ValidationError:
            esiti.append("rifiutato")
        finally:
            connection.close()

    fili = [threading.Thread(target=passa) for _ in range(2)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()
    assert sorted(esiti) == ["ok", "rifiutato"]
    assert TransizioneAccordo.objects.filter(accordo=accordo).count() == 1
