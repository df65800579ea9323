from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import (
    crea_incarico,
    crea_opportunita,
    crea_ore,
    crea_polizza,
    crea_progetto,
    crea_volontario,
)
from volontari.models import Incarico, Opportunita, OreVolontariato, Polizza, Volontario

OGGI = dt.date(2025, 6, 15)


def _nato(anni: int, giorni_in_piu: int = 0) -> dt.date:
    return OGGI.replace(year=OGGI.year - anni) - dt.timedelta(days=giorni_in_piu)


@pytest.mark.parametrize(
    ("anni", "campi", "idoneo", "parola"),
    [
        (14, {}, False, "15 anni"),
        (15, {}, False, "genitoriale"),
        (15, {"autorizzazione_genitoriale_il": dt.date(2025, 1, 10)}, True, ""),
        (17, {"autorizzazione_genitoriale_il": dt.date(2025, 1, 10)}, True, ""),
        (17, {}, False, "genitoriale"),
        (18, {}, True, ""),
        (74, {}, True, ""),
        (75, {}, False, "certificato medico"),
        (75, {"idoneita_medica_valida_fino_al": dt.date(2025, 6, 14)}, False, "certificato"),
        (75, {"idoneita_medica_valida_fino_al": OGGI}, True, ""),
        (79, {"idoneita_medica_valida_fino_al": dt.date(2026, 1, 1)}, True, ""),
        (80, {}, True, ""),
        (81, {}, False, "80 anni"),
    ],
)
def test_idoneita_secondo_le_regole_r_piu(anni, campi, idoneo, parola):
    volontario = Volontario(data_nascita=_nato(anni), **campi)
    esito, motivo = volontario.idoneo_il(OGGI)
    assert esito is idoneo
    assert parola in motivo


def test_autorizzazione_genitoriale_successiva_non_vale_per_il_passato():
    volontario = Volontario(
        data_nascita=_nato(16), autorizzazione_genitoriale_il=dt.date(2025, 7, 1)
    )
    assert volontario.idoneo_il(OGGI)[0] is False


def test_compleanno_conta_dal_giorno_stesso():
    assert Volontario(data_nascita=_nato(15)).eta_il(OGGI) == 15
    assert Volontario(data_nascita=_nato(15) + dt.timedelta(days=1)).eta_il(OGGI) == 14


def test_profilo_incompleto_non_idoneo():
    assert Volontario().idoneo_il(OGGI) == (False, "Il profilo del volontario non è completo.")


@pytest.mark.django_db
def test_polizza_copre_solo_i_giorni_e_le_opportunita_della_copertura():
    scelta, altra = crea_opportunita(), crea_opportunita()
    polizza = crea_polizza(
        copertura_dal=dt.date(2025, 1, 1),
        copertura_al=dt.date(2025, 12, 31),
        tutte_le_opportunita=False,
    )
    polizza.opportunita.add(scelta)
    assert Polizza.objects.copre(dt.date(2025, 1, 1), scelta)
    assert Polizza.objects.copre(dt.date(2025, 12, 31), scelta)
    assert not Polizza.objects.copre(dt.date(2026, 1, 1), scelta)
    assert not Polizza.objects.copre(dt.date(2025, 6, 1), altra)


@pytest.mark.django_db
def test_opportunita_aperte_e_per_giorno():
    aperta = crea_opportunita(martedi=True, sabato=True)
    crea_opportunita(aperta=False, martedi=True)
    assert list(Opportunita.objects.aperte().nel_giorno(5)) == [aperta]
    assert list(Opportunita.objects.aperte().nel_giorno(0)) == []
    assert aperta.giorni == [1, 5]


@pytest.mark.django_db
def test_codice_fiscale_unico_tra_i_volontari():
    primo = crea_volontario()
    with pytest.raises(IntegrityError), transaction.atomic():
        crea_volontario(codice_fiscale=primo.codice_fiscale)


@pytest.mark.django_db
def test_profilo_completo_richiesto_e_codice_coerente():
    volontario = crea_volontario()
    volontario.full_clean()
    volontario.data_nascita = dt.date(1980, 5, 18)
    with pytest.raises(ValidationError) as errore:
        volontario.full_clean()
    assert "non corrisponde" in str(errore.value)


@pytest.mark.django_db
def test_doppia_registrazione_rifiutata_dal_database(incarico):
    crea_ore(incarico, data=dt.date(2024, 3, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        crea_ore(incarico, data=dt.date(2024, 3, 5))


@pytest.mark.django_db
def test_registrazione_rifiutata_non_blocca_una_nuova(incarico):
    crea_ore(
        incarico,
        stato=OreVolontariato.Stato.RIFIUTATA,
        motivo_rifiuto="Giorno sbagliato.",
        approvata_il=timezone.now(),
    )
    crea_ore(incarico)
    assert incarico.ore.count() == 2


@pytest.mark.django_db
def test_il_database_impedisce_di_modificare_ore_approvate(incarico):
    voce = crea_ore(incarico, stato=OreVolontariato.Stato.APPROVATA, approvata_il=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        OreVolontariato.objects.filter(pk=voce.pk).update(ore=Decimal("5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        OreVolontariato.objects.filter(pk=voce.pk).update(stato="in_attesa")
    voce.refresh_from_db()
    assert voce.ore == Decimal("2")
    # Erasing who entered it stays possible: the hours do not change.
    OreVolontariato.objects.filter(pk=voce.pk).update(inserita_da=None)


@pytest.mark.django_db
def test_il_database_impedisce_di_cancellare_ore_approvate(incarico):
    from django.db import connection

    voce = crea_ore(incarico, stato=OreVolontariato.Stato.APPROVATA, approvata_il=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        voce.delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursore:
        cursore.execute("DELETE FROM volontari_orevolontariato WHERE id = %s", [voce.pk])
    assert OreVolontariato.objects.filter(pk=voce.pk).exists()
    # Entries still pending are the volunteer's to withdraw.
    crea_ore(incarico, data=dt.date(2024, 3, 6)).delete()


@pytest.mark.django_db
def test_il_database_impedisce_di_riscrivere_chi_ha_approvato_e_quando(
    incarico, tutor, staff, casa
):
    from quartieri.models import Resoconto
    from tests.factories import crea_attivita

    voce = crea_ore(
        incarico,
        stato=OreVolontariato.Stato.APPROVATA,
        approvata_da=tutor,
        approvata_il=timezone.now(),
        inserita_da=tutor,
    )
    attivita = crea_attivita(casa, inizio=dt.datetime(2024, 3, 5, 17, tzinfo=dt.UTC))
    resoconto = Resoconto.objects.create(
        occorrenza=attivita.occorrenze.get(), partecipanti_totale=0, autore=staff
    )
    for campi in [
        {"approvata_da": staff},
        {"approvata_il": timezone.now() - dt.timedelta(days=30)},
        {"inserita_da": staff},
        {"resoconto": resoconto},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            OreVolontariato.objects.filter(pk=voce.pk).update(**campi)
    voce.refresh_from_db()
    assert (voce.approvata_da, voce.inserita_da, voce.resoconto) == (tutor, tutor, None)
    # Nor can the enrolment carry the approved hours to someone else.
    for campi in [{"volontario": crea_volontario()}, {"opportunita": crea_opportunita()}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Incarico.objects.filter(pk=incarico.pk).update(**campi)
    Incarico.objects.filter(pk=incarico.pk).update(data_fine=dt.date(2024, 12, 31))
    # Deleting the account that decided (SET_NULL) is not blocked by the ledger.
    tutor.delete()
    voce.refresh_from_db()
    assert voce.approvata_da is None
    assert voce.stato == OreVolontariato.Stato.APPROVATA


@pytest.mark.django_db
def test_ore_approvate_per_progetto_sommano_le_correzioni():
    progetto = crea_progetto()
    opportunita = crea_opportunita(
        tipo=Opportunita.Tipo.PROGETTO_ACCORDO, servizio_comunale="", progetto=progetto
    )
    incarico = crea_incarico(opportunita=opportunita)
    approvata = {"stato": OreVolontariato.Stato.APPROVATA, "approvata_il": timezone.now()}
    originale = crea_ore(incarico, ore=Decimal("3"), **approvata)
    crea_ore(
        incarico,
        ore=Decimal("-1.5"),
        corregge=originale,
        motivo_correzione="Errore di battitura.",
        **approvata,
    )
    crea_ore(incarico, data=dt.date(2024, 3, 6), ore=Decimal("4"))  # pending: not counted
    crea_ore(crea_incarico(), **approvata)  # a council service: no project
    righe = list(OreVolontariato.objects.approvate().per_progetto())
    assert righe == [{"progetto": progetto.pk, "ore_totali": Decimal("1.5")}]


@pytest.mark.django_db
def test_visibilita_dei_volontari_a_coppie(
    volontario, incarico, tutor, community_manager, staff, cittadino, altro_incarico
):
    altro = altro_incarico.volontario
    for user, visibili in [
        (volontario.user, {volontario}),
        (tutor, {volontario}),
        (community_manager, {volontario}),
        (staff, {volontario, altro}),
        (cittadino, set()),
    ]:
        assert set(Volontario.objects.visibili_a(user)) == visibili
        for persona in (volontario, altro):
            assert persona.visibile_a(user) is (persona in visibili)


@pytest.mark.django_db
def test_le_ore_approvate_del_registro_contano_nelle_pagine_degli_accordi(client):
    from accordi.models import Accordo
    from tests.factories import crea_aggiornamento

    progetto = crea_progetto()
    crea_aggiornamento(progetto, ore_collaborazione=10)
    opportunita = crea_opportunita(
        tipo=Opportunita.Tipo.PROGETTO_ACCORDO, servizio_comunale="", progetto=progetto
    )
    incarico = crea_incarico(opportunita=opportunita)
    crea_ore(incarico, ore=Decimal("2.5"), stato="approvata", approvata_il=timezone.now())
    crea_ore(incarico, data=dt.date(2024, 3, 6), ore=Decimal("4"))  # pending: not counted
    accordo = Accordo.objects.con_impatto().get(pk=progetto.accordo_id)
    assert accordo.ore_collaborazione == Decimal("12.5")
    risposta = client.get(f"/accordi/{progetto.accordo.slug}/progetti/{progetto.pk}/")
    assert risposta.context["progetto"].ore_collaborazione == Decimal("12.5")


@pytest.mark.django_db
def test_slug_riservato_di_una_pagina_e_rifiutato():
    from django.core.exceptions import ValidationError

    from volontari.models.opportunita import valida_slug_non_riservato

    with pytest.raises(ValidationError, match="nome di una pagina"):
        valida_slug_non_riservato("tutor")
    valida_slug_non_riservato("biblioteca-panizzi")
