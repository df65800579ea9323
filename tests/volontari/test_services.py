from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import crea_incarico, crea_ore, crea_volontario
from volontari import services
from volontari.models import Candidatura, Incarico, OreVolontariato

pytestmark = pytest.mark.django_db

GIORNO = dt.date(2025, 3, 4)


@pytest.fixture(autouse=True)
def _oggi():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


def _registra(incarico, utente, **campi):
    valori = {"data": GIORNO, "ore": Decimal("2"), "attivita_svolta": "Prestito libri."}
    valori.update(campi)
    return services.registra_ore(incarico=incarico, utente=utente, **valori)


# --- Applications -----------------------------------------------------------


def test_candidatura_accettata_diventa_incarico_e_mail_inviate_una_volta(
    volontario, opportunita, tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        candidatura = services.candidati(
            volontario=volontario, opportunita=opportunita, messaggio="Il martedì."
        )
    assert [m.to for m in mail.outbox] == [[tutor.email]]
    with django_capture_on_commit_callbacks(execute=True):
        incarico = services.accetta_candidatura(
            candidatura=candidatura, utente=tutor, risposta="Benvenuto!"
        )
    assert incarico.data_inizio == dt.date(2025, 3, 10)
    assert incarico.attivo
    assert mail.outbox[-1].to == [volontario.user.email]
    assert "Benvenuto!" in mail.outbox[-1].body
    assert volontario.codice_fiscale not in mail.outbox[-1].body
    # Sent once: a retried task sends nothing.
    assert services.invia_esito_candidatura(candidatura_id=candidatura.pk) is False
    assert services.invia_avviso_candidatura(candidatura_id=candidatura.pk) is False
    assert len(mail.outbox) == 2


def test_rifiuto_richiede_un_messaggio_e_lo_manda(volontario, opportunita, tutor):
    candidatura = services.candidati(volontario=volontario, opportunita=opportunita)
    with pytest.raises(ValidationError):
        services.rifiuta_candidatura(candidatura=candidatura, utente=tutor, risposta=" ")
    services.rifiuta_candidatura(candidatura=candidatura, utente=tutor, risposta="Posti finiti.")
    candidatura.refresh_from_db()
    assert candidatura.stato == Candidatura.Stato.RIFIUTATA
    assert not Incarico.objects.exists()


def test_solo_i_tutor_della_opportunita_decidono(volontario, opportunita, altro_tutor):
    candidatura = services.candidati(volontario=volontario, opportunita=opportunita)
    with pytest.raises(PermissionDenied):
        services.accetta_candidatura(candidatura=candidatura, utente=altro_tutor)


def test_candidatura_doppia_o_a_opportunita_chiusa_rifiutata(volontario, opportunita):
    services.candidati(volontario=volontario, opportunita=opportunita)
    with pytest.raises(ValidationError, match="già una candidatura"):
        services.candidati(volontario=volontario, opportunita=opportunita)
    opportunita.aperta = False
    opportunita.save()
    with pytest.raises(ValidationError, match="non accetta"):
        services.candidati(volontario=crea_volontario(), opportunita=opportunita)


def test_candidatura_di_chi_non_e_idoneo_rifiutata_con_il_motivo(opportunita):
    minorenne = crea_volontario(data_nascita=dt.date(2009, 1, 1))
    with pytest.raises(ValidationError, match="genitoriale"):
        services.candidati(volontario=minorenne, opportunita=opportunita)


def test_posti_esauriti(volontario, opportunita, tutor):
    opportunita.posti = 1
    opportunita.save()
    crea_incarico(opportunita=opportunita)
    candidatura = services.candidati(volontario=volontario, opportunita=opportunita)
    with pytest.raises(ValidationError, match="posti"):
        services.accetta_candidatura(candidatura=candidatura, utente=tutor)


def test_termina_incarico_registra_la_data_di_fine(incarico, tutor):
    services.termina_incarico(incarico=incarico, utente=tutor, data_fine=dt.date(2025, 3, 1))
    incarico.refresh_from_db()
    assert incarico.data_fine == dt.date(2025, 3, 1)
    assert not incarico.attivo


# --- Hours ------------------------------------------------------------------


def test_volontario_registra_le_proprie_ore_in_attesa(incarico, volontario):
    voce = _registra(incarico, volontario.user)
    assert voce.stato == OreVolontariato.Stato.IN_ATTESA
    assert voce.inserita_da == volontario.user


@pytest.mark.parametrize("ore", ["0.1", "1.3", "0"])
def test_ore_a_quarti_d_ora(incarico, volontario, ore):
    with pytest.raises(ValidationError) as errore:
        _registra(incarico, volontario.user, ore=Decimal(ore))
    assert "ore" in errore.value.message_dict


def test_massimo_12_ore_al_giorno_tra_tutti_gli_incarichi(incarico, volontario, tutor):
    secondo = crea_incarico(volontario, crea_incarico().opportunita)
    _registra(incarico, volontario.user, ore=Decimal("8"))
    with pytest.raises(ValidationError) as errore:
        _registra(secondo, volontario.user, ore=Decimal("4.25"))
    assert "12 al giorno" in errore.value.message_dict["ore"][0]
    _registra(secondo, volontario.user, ore=Decimal("4"))


def test_ore_fuori_copertura_assicurativa_rifiutate(incarico, volontario):
    from volontari.models import Polizza

    Polizza.objects.update(copertura_dal=dt.date(2025, 3, 5))
    with pytest.raises(ValidationError) as errore:
        _registra(incarico, volontario.user)
    assert "art. 18" in errore.value.message_dict["data"][0]


def test_ore_per_giorni_futuri_o_fuori_incarico_rifiutate(incarico, volontario):
    with pytest.raises(ValidationError, match="futuro"):
        _registra(incarico, volontario.user, data=dt.date(2025, 3, 11))
    with pytest.raises(ValidationError, match="non era attivo"):
        _registra(incarico, volontario.user, data=dt.date(2023, 12, 31))


def test_stesso_giorno_e_incarico_registrato_due_volte_rifiutato(incarico, volontario, tutor):
    _registra(incarico, volontario.user)
    with pytest.raises(ValidationError) as errore:
        _registra(incarico, tutor, ore=Decimal("1"))
    assert "già registrate" in errore.value.message_dict["data"][0]
    assert incarico.ore.count() == 1


def test_altri_non_registrano_per_il_volontario(incarico, cittadino, altro_tutor):
    for utente in (cittadino, altro_tutor):
        with pytest.raises(PermissionDenied):
            _registra(incarico, utente)


def test_gruppo_tutto_o_niente(incarico, opportunita, tutor, community_manager):
    secondo = crea_incarico(opportunita=opportunita)
    crea_ore(secondo, data=GIORNO)
    with pytest.raises(ValidationError):
        services.registra_ore_gruppo(
            righe=[(incarico, Decimal("2")), (secondo, Decimal("2"))],
            data=GIORNO,
            attivita_svolta="Festa del quartiere.",
            utente=tutor,
        )
    assert not incarico.ore.exists()
    voci = services.registra_ore_gruppo(
        righe=[(incarico, Decimal("2"))],
        data=GIORNO,
        attivita_svolta="Festa del quartiere.",
        utente=community_manager,
    )
    assert len(voci) == 1


def test_approvazione_e_rifiuto_in_blocco(incarico, tutor, volontario):
    prime = [crea_ore(incarico, data=GIORNO - dt.timedelta(days=n)).pk for n in range(3)]
    assert services.approva_ore(voci=prime[:2], utente=tutor) == 2
    with pytest.raises(ValidationError):
        services.rifiuta_ore(voci=[prime[2]], utente=tutor, motivo="")
    assert services.rifiuta_ore(voci=[prime[2]], utente=tutor, motivo="Non c'ero.") == 1
    # Already decided: cannot be decided again.
    with pytest.raises(ValidationError):
        services.rifiuta_ore(voci=[prime[0]], utente=tutor, motivo="Ripensamento.")
    assert OreVolontariato.objects.approvate().totale() == Decimal("4")


def test_nessuno_approva_le_proprie_ore_ne_quelle_di_altri_tutor(incarico, altro_tutor):
    voce = crea_ore(incarico)
    with pytest.raises(ValidationError):
        services.approva_ore(voci=[voce.pk], utente=altro_tutor)
    incarico.opportunita.tutor.add(incarico.volontario.user)
    with pytest.raises(ValidationError):
        services.approva_ore(voci=[voce.pk], utente=incarico.volontario.user)


def test_correzione_e_una_nuova_voce_e_i_totali_sono_somme(incarico, tutor, volontario):
    originale = _registra(incarico, volontario.user, ore=Decimal("3"))
    services.approva_ore(voci=[originale.pk], utente=tutor)
    originale.refresh_from_db()
    with pytest.raises(ValidationError, match="meno di zero"):
        services.correggi_ore(originale=originale, delta=Decimal("-3.25"), motivo="x", utente=tutor)
    correzione = services.correggi_ore(
        originale=originale, delta=Decimal("-1.5"), motivo="Erano 1,5 ore.", utente=tutor
    )
    assert correzione.corregge == originale
    assert correzione.stato == "in_attesa"
    services.approva_ore(voci=[correzione.pk], utente=tutor)
    originale.refresh_from_db()
    assert originale.ore == Decimal("3")
    assert OreVolontariato.objects.approvate().totale() == Decimal("1.5")


def test_le_voci_approvate_non_cambiano_tramite_i_servizi(incarico, tutor):
    voce = crea_ore(incarico)
    services.approva_ore(voci=[voce.pk], utente=tutor)
    with pytest.raises(ValidationError):
        services.approva_ore(voci=[voce.pk], utente=tutor)
    with pytest.raises(ValidationError):
        services.rifiuta_ore(voci=[voce.pk], utente=tutor, motivo="Cambio idea.")
    non_approvata = crea_ore(incarico, data=GIORNO)
    with pytest.raises(ValidationError, match="già approvata"):
        services.correggi_ore(originale=non_approvata, delta=Decimal("1"), motivo="x", utente=tutor)
    voce.refresh_from_db()
    assert voce.stato == "approvata"
    assert voce.ore == Decimal("2")


def test_ore_da_resoconto_collegate_al_resoconto(incarico, casa, community_manager):
    from quartieri.models import Resoconto
    from tests.factories import crea_attivita

    inizio = dt.datetime(2025, 3, 4, 17, tzinfo=dt.UTC)
    attivita = crea_attivita(casa, inizio=inizio, titolo="Merenda insieme")
    resoconto = Resoconto.objects.create(
        occorrenza=attivita.occorrenze.get(), partecipanti_totale=0, autore=community_manager
    )
    [voce] = services.registra_ore_da_resoconto(
        resoconto=resoconto, righe=[(incarico, Decimal("2.5"))], utente=community_manager
    )
    assert (voce.resoconto, voce.data, voce.attivita_svolta) == (
        resoconto,
        GIORNO,
        "Merenda insieme",
    )
    assert list(resoconto.ore_volontari.all()) == [voce]
