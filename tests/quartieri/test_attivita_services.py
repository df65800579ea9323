from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from quartieri.models import Attivita, Iscrizione, Occorrenza, Resoconto
from quartieri.services.attivita import (
    annulla_attivita,
    annulla_iscrizione,
    annulla_occorrenza,
    iscrivi,
    registra_contatto,
    registra_resoconto,
    salva_attivita,
    sposta_occorrenza,
)
from tests.conftest import crea_utente
from tests.factories import crea_attivita, crea_servizio

ROMA = ZoneInfo("Europe/Rome")
pytestmark = pytest.mark.django_db
ADESSO = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ROMA)  # a Monday


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _attivita_con_posti(casa, capienza=2, **campi):
    return crea_attivita(casa, iscrizione_richiesta=True, capienza=capienza, **campi)


def _nuova_attivita(casa, **campi) -> Attivita:
    valori = {
        "luogo": casa,
        "titolo": "Corso di smartphone",
        "tipo": Attivita.Tipo.CORSO,
        "inizio": dt.datetime(2026, 3, 4, 15, 0, tzinfo=ROMA),
        "fine": dt.datetime(2026, 3, 4, 17, 0, tzinfo=ROMA),
    }
    valori.update(campi)
    return Attivita(**valori)


# --- Series and occurrences ----------------------------------------------------


def test_serie_settimanale_crea_una_data_per_settimana(casa, community_manager):
    attivita = salva_attivita(
        attivita=_nuova_attivita(casa, settimanale=True, ripeti_fino_al=dt.date(2026, 3, 25)),
        utente=community_manager,
    )
    inizi = [o.inizio.astimezone(ROMA) for o in attivita.occorrenze.order_by("inizio")]
    assert [i.day for i in inizi] == [4, 11, 18, 25]
    assert attivita.created_by == community_manager


def test_serie_mantiene_l_ora_locale_dopo_il_cambio_dell_ora(casa, community_manager):
    attivita = salva_attivita(
        attivita=_nuova_attivita(
            casa,
            inizio=dt.datetime(2026, 3, 25, 15, 0, tzinfo=ROMA),
            fine=dt.datetime(2026, 3, 25, 17, 0, tzinfo=ROMA),
            settimanale=True,
            ripeti_fino_al=dt.date(2026, 4, 1),
        ),
        utente=community_manager,
    )
    ore = [o.inizio.astimezone(ROMA).hour for o in attivita.occorrenze.all()]
    assert ore == [15, 15]


def test_modifica_della_serie_conserva_le_date_e_rispetta_quelle_spostate(
    casa, community_manager, cittadino
):
    attivita = salva_attivita(
        attivita=_nuova_attivita(casa, settimanale=True, ripeti_fino_al=dt.date(2026, 3, 25)),
        utente=community_manager,
    )
    prima, seconda, terza, quarta = attivita.occorrenze.order_by("inizio")
    sposta_occorrenza(
        occorrenza=seconda,
        utente=community_manager,
        inizio=dt.datetime(2026, 3, 12, 15, 0, tzinfo=ROMA),
        fine=dt.datetime(2026, 3, 12, 17, 0, tzinfo=ROMA),
    )
    attivita.iscrizione_richiesta = True
    attivita.save()
    iscrivi(occorrenza=quarta, utente=cittadino)

    attivita.inizio = dt.datetime(2026, 3, 4, 16, 0, tzinfo=ROMA)
    attivita.fine = dt.datetime(2026, 3, 4, 18, 0, tzinfo=ROMA)
    attivita.ripeti_fino_al = dt.date(2026, 3, 18)
    salva_attivita(attivita=attivita, utente=community_manager)

    restanti = {o.pk: o for o in attivita.occorrenze.all()}
    assert set(restanti) == {prima.pk, seconda.pk, terza.pk, quarta.pk}
    assert restanti[prima.pk].inizio.astimezone(ROMA).hour == 16
    assert restanti[seconda.pk].inizio.astimezone(ROMA).day == 12
    assert restanti[seconda.pk].spostata


def test_accorciare_la_serie_elimina_le_date_libere(casa, community_manager):
    attivita = salva_attivita(
        attivita=_nuova_attivita(casa, settimanale=True, ripeti_fino_al=dt.date(2026, 3, 25)),
        utente=community_manager,
    )
    attivita.ripeti_fino_al = dt.date(2026, 3, 11)
    salva_attivita(attivita=attivita, utente=community_manager)
    assert attivita.occorrenze.count() == 2


def test_attivita_singola_spostata_conserva_la_sua_data(casa, community_manager):
    attivita = salva_attivita(attivita=_nuova_attivita(casa), utente=community_manager)
    occorrenza = attivita.occorrenze.get()
    attivita.inizio += dt.timedelta(days=1)
    attivita.fine += dt.timedelta(days=1)
    salva_attivita(attivita=attivita, utente=community_manager)
    assert attivita.occorrenze.get().pk == occorrenza.pk
    assert attivita.occorrenze.get().inizio == attivita.inizio


@pytest.mark.parametrize(
    ("campi", "campo_errato"),
    [
        ({"fine": dt.datetime(2026, 3, 4, 14, 0, tzinfo=ROMA)}, "fine"),
        ({"settimanale": True, "ripeti_fino_al": dt.date(2026, 3, 1)}, "ripeti_fino_al"),
        ({"settimanale": True}, "ripeti_fino_al"),
        ({"gratuita": False}, "costo"),
    ],
)
def test_dati_sbagliati_non_scrivono_nulla(casa, community_manager, campi, campo_errato):
    with pytest.raises(ValidationError) as errore:
        salva_attivita(attivita=_nuova_attivita(casa, **campi), utente=community_manager)
    assert campo_errato in errore.value.message_dict
    assert not Attivita.objects.exists()
    assert not Occorrenza.objects.exists()


def test_manager_non_crea_attivita_in_un_altra_casa(altra_casa, community_manager):
    with pytest.raises(PermissionDenied):
        salva_attivita(attivita=_nuova_attivita(altra_casa), utente=community_manager)
    assert not Attivita.objects.exists()


def test_manager_non_sposta_un_attivita_verso_la_sua_casa(casa, altra_casa, community_manager):
    attivita = crea_attivita(altra_casa)
    attivita.luogo = casa
    with pytest.raises(PermissionDenied):
        salva_attivita(attivita=attivita, utente=community_manager)


def test_capienza_sotto_gli_iscritti_rifiutata(casa, community_manager, cittadino, staff):
    attivita = _attivita_con_posti(casa, capienza=3)
    occorrenza = attivita.occorrenze.get()
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    iscrivi(occorrenza=occorrenza, utente=staff)
    attivita.capienza = 1
    with pytest.raises(ValidationError) as errore:
        salva_attivita(attivita=attivita, utente=community_manager)
    assert "2 iscritti" in errore.value.message_dict["capienza"][0]
    assert Attivita.objects.get().capienza == 3


def test_aumentare_i_posti_promuove_chi_attende(casa, community_manager, cittadino, staff):
    attivita = _attivita_con_posti(casa, capienza=1)
    occorrenza = attivita.occorrenze.get()
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    in_attesa = iscrivi(occorrenza=occorrenza, utente=staff)
    attivita.capienza = 2
    salva_attivita(attivita=attivita, utente=community_manager)
    in_attesa.refresh_from_db()
    assert in_attesa.stato == Iscrizione.Stato.CONFERMATA


def test_annullare_l_attivita_annulla_solo_le_date_future(casa, community_manager):
    attivita = crea_attivita(
        casa,
        inizio=dt.datetime(2026, 2, 23, 15, 0, tzinfo=ROMA),
        settimanale=True,
        ripeti_fino_al=dt.date(2026, 3, 16),
    )
    assert annulla_attivita(attivita=attivita, utente=community_manager, motivo="Lavori") == 3
    annullate = attivita.occorrenze.values_list("annullata", flat=True)
    assert list(annullate) == [False, True, True, True]


def test_data_con_resoconto_non_si_annulla(casa, community_manager):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    registra_resoconto(
        resoconto=Resoconto(occorrenza=occorrenza, partecipanti_totale=0),
        utente=community_manager,
    )
    with pytest.raises(ValidationError):
        annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)


# --- Registrations ---------------------------------------------------------------


def test_iscrizione_confermata_poi_lista_d_attesa(
    casa, cittadino, staff, tutor, django_capture_on_commit_callbacks
):
    occorrenza = _attivita_con_posti(casa, capienza=2).occorrenze.get()
    with django_capture_on_commit_callbacks(execute=True):
        primo = iscrivi(occorrenza=occorrenza, utente=cittadino)
        secondo = iscrivi(occorrenza=occorrenza, utente=staff)
        terzo = iscrivi(occorrenza=occorrenza, utente=tutor)
    assert [primo.stato, secondo.stato, terzo.stato] == ["confermata", "confermata", "in_attesa"]
    assert len(mail.outbox) == 3
    assert "lista d'attesa" in mail.outbox[2].subject


def test_doppia_iscrizione_rifiutata(casa, cittadino):
    occorrenza = _attivita_con_posti(casa).occorrenze.get()
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    with pytest.raises(ValidationError, match="già iscritto"):
        iscrivi(occorrenza=occorrenza, utente=cittadino)
    assert Iscrizione.objects.count() == 1


def test_ci_si_puo_reiscrivere_dopo_avere_annullato(casa, cittadino):
    occorrenza = _attivita_con_posti(casa).occorrenze.get()
    iscrizione = iscrivi(occorrenza=occorrenza, utente=cittadino)
    annulla_iscrizione(iscrizione=iscrizione, utente=cittadino)
    assert iscrivi(occorrenza=occorrenza, utente=cittadino).stato == "confermata"


@pytest.mark.parametrize(
    ("campi", "messaggio"),
    [
        ({"iscrizione_richiesta": False}, "non richiede"),
        ({"inizio": ADESSO - dt.timedelta(hours=1)}, "chiuse"),
    ],
)
def test_iscrizione_rifiutata_quando_non_possibile(casa, cittadino, campi, messaggio):
    valori = {"iscrizione_richiesta": True, **campi}
    occorrenza = crea_attivita(casa, **valori).occorrenze.get()
    with pytest.raises(ValidationError, match=messaggio):
        iscrivi(occorrenza=occorrenza, utente=cittadino)


def test_iscrizione_a_data_annullata_rifiutata(casa, cittadino, community_manager):
    occorrenza = _attivita_con_posti(casa).occorrenze.get()
    annulla_occorrenza(occorrenza=occorrenza, utente=community_manager)
    with pytest.raises(ValidationError, match="annullata"):
        iscrivi(occorrenza=occorrenza, utente=cittadino)


def test_annullamento_promuove_il_primo_in_attesa(
    casa, cittadino, staff, tutor, django_capture_on_commit_callbacks
):
    occorrenza = _attivita_con_posti(casa, capienza=1).occorrenze.get()
    confermata = iscrivi(occorrenza=occorrenza, utente=cittadino)
    primo_in_attesa = iscrivi(occorrenza=occorrenza, utente=staff)
    secondo_in_attesa = iscrivi(occorrenza=occorrenza, utente=tutor)

    with django_capture_on_commit_callbacks(execute=True):
        annulla_iscrizione(iscrizione=confermata, utente=cittadino)

    primo_in_attesa.refresh_from_db()
    secondo_in_attesa.refresh_from_db()
    assert primo_in_attesa.stato == "confermata"
    assert secondo_in_attesa.stato == "in_attesa"
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Si è liberato un posto" in mail.outbox[0].subject


def test_si_annullano_solo_le_proprie_iscrizioni(casa, cittadino, community_manager):
    iscrizione = iscrivi(occorrenza=_attivita_con_posti(casa).occorrenze.get(), utente=cittadino)
    with pytest.raises(PermissionDenied):
        annulla_iscrizione(iscrizione=iscrizione, utente=community_manager)
    iscrizione.refresh_from_db()
    assert iscrizione.stato == "confermata"


# --- Activity logs ---------------------------------------------------------------


def _resoconto(occorrenza, **campi) -> Resoconto:
    valori = {
        "occorrenza": occorrenza,
        "partecipanti_totale": 12,
        "partecipanti_under14": 2,
        "partecipanti_14_64": 6,
        "partecipanti_over65": 4,
        "volontari_coinvolti": 2,
        "ore_volontariato": Decimal("4.5"),
    }
    valori.update(campi)
    return Resoconto(**valori)


def test_fasce_che_non_sommano_al_totale_rifiutate(casa, community_manager):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    with pytest.raises(ValidationError) as errore:
        registra_resoconto(
            resoconto=_resoconto(occorrenza, partecipanti_totale=13), utente=community_manager
        )
    assert "sommano a 12" in errore.value.message_dict["partecipanti_totale"][0]
    assert not Resoconto.objects.exists()


def test_resoconto_prima_dell_inizio_rifiutato(casa, community_manager):
    occorrenza = crea_attivita(casa).occorrenze.get()
    with pytest.raises(ValidationError, match="dopo l'inizio"):
        registra_resoconto(resoconto=_resoconto(occorrenza), utente=community_manager)


def test_resoconto_di_altra_casa_rifiutato(altra_casa, community_manager):
    occorrenza = crea_attivita(altra_casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    with pytest.raises(PermissionDenied):
        registra_resoconto(resoconto=_resoconto(occorrenza), utente=community_manager)


def test_autore_corregge_entro_7_giorni_poi_solo_lo_staff(casa, community_manager, staff):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    resoconto = registra_resoconto(resoconto=_resoconto(occorrenza), utente=community_manager)

    with time_machine.travel(ADESSO + dt.timedelta(days=6, hours=23), tick=False):
        resoconto.note = "Corretto il giorno dopo"
        registra_resoconto(resoconto=resoconto, utente=community_manager)
        assert Resoconto.objects.modificabili_da(community_manager).count() == 1

    with time_machine.travel(ADESSO + dt.timedelta(days=7, minutes=1), tick=False):
        assert not resoconto.modificabile_da(community_manager)
        assert not Resoconto.objects.modificabili_da(community_manager).exists()
        resoconto.note = "Troppo tardi"
        with pytest.raises(PermissionDenied):
            registra_resoconto(resoconto=resoconto, utente=community_manager)
        resoconto.note = "Corretto dallo staff"
        registra_resoconto(resoconto=resoconto, utente=staff)

    storia = list(resoconto.history.order_by("history_date"))
    assert [v.note for v in storia] == ["", "Corretto il giorno dopo", "Corretto dallo staff"]
    assert [v.history_user for v in storia] == [community_manager, community_manager, staff]


def test_altro_manager_non_corregge_il_resoconto(casa, community_manager):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    resoconto = registra_resoconto(resoconto=_resoconto(occorrenza), utente=community_manager)
    collega = crea_utente("collega@casa.test")
    casa.community_manager.add(collega)
    assert not resoconto.modificabile_da(collega)
    assert not Resoconto.objects.modificabili_da(collega).exists()


def test_da_registrare_elenca_le_date_passate_senza_resoconto(casa, community_manager):
    passata = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=2)).occorrenze.get()
    registrata = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=3)).occorrenze.get()
    annullata = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=4)).occorrenze.get()
    crea_attivita(casa)
    registra_resoconto(resoconto=_resoconto(registrata), utente=community_manager)
    Occorrenza.objects.filter(pk=annullata.pk).update(annullata=True)
    assert list(Occorrenza.objects.da_registrare()) == [passata]


# --- Desk contacts -----------------------------------------------------------------


def test_contatto_registrato_con_la_categoria_del_servizio(casa, community_manager):
    servizio = crea_servizio(casa)
    contatto = registra_contatto(luogo=casa, utente=community_manager, servizio=servizio)
    assert contatto.categoria == servizio.categoria
    assert contatto.momento == ADESSO
    assert contatto.registrato_da == community_manager


def test_contatto_con_servizio_di_altro_luogo_rifiutato(casa, altra_casa, community_manager):
    with pytest.raises(ValidationError):
        registra_contatto(luogo=casa, utente=community_manager, servizio=crea_servizio(altra_casa))


def test_contatto_in_casa_non_gestita_rifiutato(altra_casa, community_manager):
    with pytest.raises(PermissionDenied):
        registra_contatto(
            luogo=altra_casa, utente=community_manager, servizio=crea_servizio(altra_casa)
        )


def test_admin_capienza_sotto_gli_iscritti_e_un_errore_del_modulo(client, casa, cittadino, staff):
    """In the admin the same rule is a form error, never a 500, and nothing changes."""
    from django.utils import timezone

    from quartieri.admin.attivita import AttivitaAdminForm

    attivita = _attivita_con_posti(casa, capienza=3)
    occorrenza = attivita.occorrenze.get()
    iscrivi(occorrenza=occorrenza, utente=cittadino)
    iscrivi(occorrenza=occorrenza, utente=staff)
    modulo = AttivitaAdminForm(
        instance=attivita,
        data={
            **{
                campo: valore
                for campo, valore in Attivita.objects.filter(pk=attivita.pk).values()[0].items()
                if valore is not None
            },
            "luogo": casa.pk,
            "capienza": 1,
            "inizio": timezone.localtime(attivita.inizio).strftime("%Y-%m-%d %H:%M"),
            "fine": timezone.localtime(attivita.fine).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert not modulo.is_valid()
    assert "2 iscritti" in modulo.errors["capienza"][0]
    assert Attivita.objects.get().capienza == 3


# --- Registrations for several people (issue 13) --------------------------------


def test_iscrizione_di_famiglia_occupa_un_posto_per_persona(casa, cittadino, staff, tutor):
    occorrenza = _attivita_con_posti(
        casa, capienza=4, massimo_persone_per_iscrizione=3
    ).occorrenze.get()
    famiglia = iscrivi(occorrenza=occorrenza, utente=cittadino, persone=3)
    singolo = iscrivi(occorrenza=occorrenza, utente=staff)
    ultimo = iscrivi(occorrenza=occorrenza, utente=tutor)
    assert (famiglia.stato, famiglia.persone) == (Iscrizione.Stato.CONFERMATA, 3)
    assert singolo.stato == Iscrizione.Stato.CONFERMATA
    assert ultimo.stato == Iscrizione.Stato.IN_ATTESA
    assert Occorrenza.objects.con_posti().get(pk=occorrenza.pk).n_confermate == 4


def test_famiglia_che_non_ci_sta_va_in_lista_d_attesa(casa, cittadino, staff):
    occorrenza = _attivita_con_posti(
        casa, capienza=3, massimo_persone_per_iscrizione=3
    ).occorrenze.get()
    iscrivi(occorrenza=occorrenza, utente=staff, persone=2)
    famiglia = iscrivi(occorrenza=occorrenza, utente=cittadino, persone=3)
    assert famiglia.stato == Iscrizione.Stato.IN_ATTESA
    assert Occorrenza.objects.con_posti().get(pk=occorrenza.pk).n_in_attesa == 3


def test_persone_oltre_il_limite_dell_attivita_rifiutate_senza_scrivere(casa, cittadino):
    occorrenza = _attivita_con_posti(
        casa, capienza=10, massimo_persone_per_iscrizione=2
    ).occorrenze.get()
    with pytest.raises(ValidationError) as errore:
        iscrivi(occorrenza=occorrenza, utente=cittadino, persone=3)
    assert "al massimo 2 persone" in errore.value.message_dict["persone"][0]
    assert not Iscrizione.objects.exists()


def test_lista_d_attesa_promossa_in_ordine_senza_sorpassi(casa, cittadino, staff, tutor):
    occorrenza = _attivita_con_posti(
        casa, capienza=3, massimo_persone_per_iscrizione=3
    ).occorrenze.get()
    primo = iscrivi(occorrenza=occorrenza, utente=staff, persone=2)
    famiglia = iscrivi(occorrenza=occorrenza, utente=cittadino, persone=3)
    singolo = iscrivi(occorrenza=occorrenza, utente=tutor)
    # A single person arriving while a family waits queues behind it, with one seat still free.
    assert singolo.stato == Iscrizione.Stato.IN_ATTESA

    annulla_iscrizione(iscrizione=primo, utente=staff)

    famiglia.refresh_from_db()
    singolo.refresh_from_db()
    assert famiglia.stato == Iscrizione.Stato.CONFERMATA
    assert singolo.stato == Iscrizione.Stato.IN_ATTESA


def test_capienza_non_scende_sotto_i_posti_delle_famiglie(casa, cittadino, community_manager):
    attivita = _attivita_con_posti(casa, capienza=5, massimo_persone_per_iscrizione=3)
    iscrivi(occorrenza=attivita.occorrenze.get(), utente=cittadino, persone=3)
    attivita.capienza = 2
    with pytest.raises(ValidationError) as errore:
        salva_attivita(attivita=attivita, utente=community_manager)
    assert "3 iscritti" in errore.value.message_dict["capienza"][0]


def test_persone_per_iscrizione_non_oltre_i_posti(casa, community_manager):
    attivita = _nuova_attivita(casa, iscrizione_richiesta=True, capienza=2)
    attivita.massimo_persone_per_iscrizione = 3
    with pytest.raises(ValidationError) as errore:
        salva_attivita(attivita=attivita, utente=community_manager)
    assert "massimo_persone_per_iscrizione" in errore.value.message_dict
    assert not Attivita.objects.exists()
