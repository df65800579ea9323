"""The rows of /accordi/, /enti/ and /volontariato/ are kept per process, keyed by every value
they print: an edit shows at once, each language has its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accordi.models import Accordo, IscrizioneRegistro
from quartieri.models import Settore
from tests.factories import (
    crea_accordo,
    crea_ente,
    crea_firmatario,
    crea_incarico,
    crea_luogo,
    crea_opportunita,
    crea_progetto,
    crea_quartiere,
)

pytestmark = pytest.mark.django_db


def _pagina(client, percorso: str, **intestazioni) -> str:
    risposta = client.get(percorso, headers=intestazioni)
    assert risposta.status_code == 200
    return risposta.content.decode()


def test_riga_dell_accordo(client):
    accordo = crea_accordo(titolo="Orti di via Roma", data_inizio=dt.date(2025, 1, 10))
    assert "Orti di via Roma" in _pagina(client, "/accordi/")
    accordo.titolo = "Orti condivisi di via Roma"
    accordo.save()
    accordo.quartieri.add(crea_quartiere(nome="Ospizio"))
    crea_progetto(accordo)
    crea_progetto(accordo)
    pagina = _pagina(client, "/accordi/")
    assert "Orti condivisi di via Roma" in pagina
    assert "Ospizio" in pagina
    assert "2 progetti" in pagina
    assert "0 firmatari" in pagina
    # The numbers are counted for every agreement once per write (views/pubbliche.py).
    crea_firmatario(accordo, crea_ente())
    accordo.progetti.first().delete()
    pagina = _pagina(client, "/accordi/")
    assert "1 progetto ·" in pagina
    assert "1 firmatario" in pagina
    crea_progetto(accordo)
    accordo.stato = Accordo.Stato.CHIUSO
    accordo.save()
    assert "Chiuso" in _pagina(client, "/accordi/")
    assert "2 projects" in _pagina(client, "/accordi/", accept_language="en")


def test_i_quartieri_di_una_riga_in_ordine_di_nome_e_protetti(client):
    accordo = crea_accordo(titolo="Piazza condivisa")
    accordo.quartieri.add(
        crea_quartiere(nome="Rosta Nuova"), crea_quartiere(nome="Gardenia & <Ospizio>")
    )
    crea_accordo(titolo="Senza quartiere")
    pagina = _pagina(client, "/accordi/")
    assert "Gardenia &amp; &lt;Ospizio&gt;, Rosta Nuova" in pagina
    assert "Senza quartiere" in pagina


def test_riga_dell_ente(client):
    ente = crea_ente(nome="Associazione Il Ponte")
    crea_firmatario(crea_accordo(), ente)
    assert "Associazione Il Ponte" in _pagina(client, "/enti/")
    ente.nome = "APS Il Ponte"
    ente.save()
    ente.settori.add(Settore.objects.create(nome="Cultura", slug="cultura"))
    pagina = _pagina(client, "/enti/")
    assert "APS Il Ponte" in pagina
    assert "Cultura</p>" in pagina


def test_chi_entra_ed_esce_dal_registro_si_vede_subito(client):
    """Who is in the registry is read once per write (accordi/views/enti.py)."""
    firmataria = crea_ente(nome="Associazione Il Ponte")
    richiedente = crea_ente(nome="Cooperativa La Rete")
    assert "Il Ponte" not in _pagina(client, "/enti/")
    accordo = crea_accordo()
    firma = crea_firmatario(accordo, firmataria)
    assert "Il Ponte" in _pagina(client, "/enti/")
    accordo.stato = Accordo.Stato.ISTRUTTORIA
    accordo.save()
    assert "Il Ponte" not in _pagina(client, "/enti/")
    accordo.stato = Accordo.Stato.IN_CORSO
    accordo.save()
    assert "Il Ponte" in _pagina(client, "/enti/")
    firma.delete()
    assert "Il Ponte" not in _pagina(client, "/enti/")

    richiesta = IscrizioneRegistro.objects.create(
        ente=richiedente, email_contatto="rete@example.org"
    )
    assert "La Rete" not in _pagina(client, "/enti/")
    richiesta.stato = IscrizioneRegistro.Stato.APPROVATA
    richiesta.decisa_il = timezone.now()
    richiesta.save()
    assert "La Rete" in _pagina(client, "/enti/")


def test_riga_dell_opportunita(client):
    opportunita = crea_opportunita(crea_luogo(nome="Casa Blu"), titolo="Biblioteca", posti=2)
    assert "2 posti liberi" in _pagina(client, "/volontariato/")
    crea_incarico(opportunita=opportunita)
    assert "1 posto libero" in _pagina(client, "/volontariato/")
    opportunita.titolo = "Biblioteca di quartiere"
    opportunita.giovedi = True
    opportunita.save()
    pagina = _pagina(client, "/volontariato/")
    assert "Biblioteca di quartiere" in pagina
    assert "giovedì" in pagina
    assert "1 place free" in _pagina(client, "/volontariato/", accept_language="en")


def _due_righe(elenco: str) -> tuple[str, str]:
    """Two records of `elenco` with different names, as its rows print them."""
    if elenco == "/accordi/":
        return crea_accordo(titolo="Orti di via Roma").titolo, crea_accordo(
            titolo="Piazza condivisa"
        ).titolo
    if elenco == "/enti/":
        enti = crea_ente(nome="Associazione Il Ponte"), crea_ente(nome="Cooperativa La Rete")
        for ente in enti:
            crea_firmatario(crea_accordo(), ente)
        return enti[0].nome, enti[1].nome
    luogo = crea_luogo(nome="Casa Blu")
    return (
        crea_opportunita(luogo, titolo="Biblioteca").titolo,
        crea_opportunita(luogo, titolo="Doposcuola").titolo,
    )


@pytest.mark.parametrize("elenco", ["/accordi/", "/enti/", "/volontariato/"])
def test_ogni_riga_ha_la_sua_chiave(client, elenco):
    """Each row is kept under its own key: a key the template missed would make every
    row of the page the first one (portal/righe.py)."""
    prima, seconda = _due_righe(elenco)
    for _visita in range(2):  # the second visit reads the rows the first one kept
        pagina = _pagina(client, elenco)
        assert prima in pagina
        assert seconda in pagina
