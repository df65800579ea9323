"""The management pages of activities, logs and desk contacts, and citizens' registration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartieri.models import Attivita, ContattoSportello, Iscrizione, Resoconto
from quartieri.services.attivita import registra_contatto, registra_resoconto
from tests.factories import crea_attivita, crea_servizio

ROMA = ZoneInfo("Europe/Rome")
ADESSO = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ROMA)  # a Wednesday
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _orologio():
    with time_machine.travel(ADESSO, tick=False):
        yield


def _dati_attivita(**campi) -> dict:
    dati = {
        "titolo": "Tombola del giovedì",
        "tipo": "evento",
        "pubblico": "tutti",
        "inizio": "2026-03-05T15:00",
        "fine": "2026-03-05T17:00",
        "pubblica": "on",
        "gratuita": "on",
    }
    dati.update(campi)
    return dati


def _dati_resoconto(**campi) -> dict:
    dati = {
        "partecipanti_totale": 3,
        "partecipanti_under14": 1,
        "partecipanti_14_64": 1,
        "partecipanti_over65": 1,
        "volontari_coinvolti": 1,
        "ore_volontariato": "2",
    }
    dati.update(campi)
    return dati


# --- Permission matrix: persona x action ---------------------------------------

PERSONE = ["staff", "community_manager", "altro_community_manager", "tutor", "cittadino"]
AZIONI = ["settimana", "lista", "crea", "resoconto", "contatto"]
ATTESI = {
    "staff": [200, 200, 302, 302, 302],
    "community_manager": [200, 200, 302, 302, 302],
    "altro_community_manager": [200, 404, 404, 404, 404],
    "tutor": [403, 404, 404, 404, 404],
    "cittadino": [403, 404, 404, 404, 404],
}


def _richiesta(azione: str, casa, occorrenza, servizio) -> tuple[str, str, dict | None]:
    slug = casa.slug
    return {
        "settimana": ("get", reverse("gestione:settimana"), None),
        "lista": ("get", reverse("gestione:attivita_lista", kwargs={"slug": slug}), None),
        "crea": (
            "post",
            reverse("gestione:attivita_nuova", kwargs={"slug": slug}),
            _dati_attivita(),
        ),
        "resoconto": (
            "post",
            reverse("gestione:resoconto", kwargs={"slug": slug, "pk": occorrenza.pk}),
            _dati_resoconto(),
        ),
        "contatto": (
            "post",
            reverse("gestione:sportello", kwargs={"slug": slug}),
            {
                "servizio": servizio.pk,
                f"s{servizio.pk}-durata": "fino_5",
                f"s{servizio.pk}-lingua": "it",
            },
        ),
    }[azione]


@pytest.mark.parametrize("persona", PERSONE)
@pytest.mark.parametrize("azione", AZIONI)
def test_matrice_dei_permessi(request, client, casa, altra_casa, persona, azione):
    utente = request.getfixturevalue(persona)
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    servizio = crea_servizio(casa)
    client.force_login(utente)
    metodo, url, dati = _richiesta(azione, casa, occorrenza, servizio)
    risposta = client.post(url, dati) if metodo == "post" else client.get(url)
    atteso = ATTESI[persona][AZIONI.index(azione)]
    assert risposta.status_code == atteso
    scritto = {
        "crea": Attivita.objects.filter(titolo="Tombola del giovedì").exists(),
        "resoconto": Resoconto.objects.exists(),
        "contatto": ContattoSportello.objects.exists(),
    }.get(azione)
    if scritto is not None:
        assert scritto == (atteso == 302)


def test_anonimo_rimandato_all_accesso(anonimo, casa):
    risposta = anonimo.get(reverse("gestione:settimana"))
    assert risposta.status_code == 302
    assert "/account/login/" in risposta["Location"]


def test_resoconto_vecchio_si_vede_ma_non_si_corregge(client, casa, community_manager):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=10)).occorrenze.get()
    with time_machine.travel(ADESSO - dt.timedelta(days=9), tick=False):
        registra_resoconto(
            resoconto=Resoconto(occorrenza=occorrenza, partecipanti_totale=0),
            utente=community_manager,
        )
    client.force_login(community_manager)
    url = reverse("gestione:resoconto", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    assert "entro 7 giorni" in client.get(url).content.decode()
    assert client.post(url, _dati_resoconto()).status_code == 403
    assert Resoconto.objects.get().partecipanti_totale == 0


def test_staff_corregge_il_resoconto_vecchio(client, casa, community_manager, staff):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=10)).occorrenze.get()
    with time_machine.travel(ADESSO - dt.timedelta(days=9), tick=False):
        registra_resoconto(
            resoconto=Resoconto(occorrenza=occorrenza, partecipanti_totale=0),
            utente=community_manager,
        )
    client.force_login(staff)
    url = reverse("gestione:resoconto", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    assert client.post(url, _dati_resoconto()).status_code == 302
    resoconto = Resoconto.objects.get()
    assert resoconto.partecipanti_totale == 3
    assert resoconto.history.count() == 2


# --- Validation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("campi", "messaggio"),
    [
        ({"fine": "2026-03-05T14:00"}, "La fine deve seguire l&#x27;inizio."),
        (
            {"settimanale": "on", "ripeti_fino_al": "2026-03-01"},
            "La ripetizione non può finire prima della prima data.",
        ),
        ({"inizio": "domani"}, "Inserisci"),
    ],
)
def test_modulo_attivita_errato_non_scrive_nulla(client, casa, community_manager, campi, messaggio):
    client.force_login(community_manager)
    url = reverse("gestione:attivita_nuova", kwargs={"slug": casa.slug})
    risposta = client.post(url, _dati_attivita(**campi))
    assert risposta.status_code == 400
    assert messaggio in risposta.content.decode()
    assert not Attivita.objects.exists()


def test_capienza_sotto_gli_iscritti_mostra_l_errore(
    client, casa, community_manager, cittadino, staff
):
    attivita = crea_attivita(casa, iscrizione_richiesta=True, capienza=5)
    occorrenza = attivita.occorrenze.get()
    Iscrizione.objects.create(occorrenza=occorrenza, utente=cittadino)
    Iscrizione.objects.create(occorrenza=occorrenza, utente=staff)
    client.force_login(community_manager)
    url = reverse("gestione:attivita", kwargs={"slug": casa.slug, "pk": attivita.pk})
    inizio = occorrenza.inizio.astimezone(ROMA)
    dati = _dati_attivita(
        titolo=attivita.titolo,
        inizio=f"{inizio:%Y-%m-%dT%H:%M}",
        fine=f"{inizio + dt.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        iscrizione_richiesta="on",
        capienza="1",
    )
    risposta = client.post(url, dati)
    assert risposta.status_code == 400
    assert "non possono essere meno di 2" in risposta.content.decode()
    assert Attivita.objects.get().capienza == 5
    assert client.post(url, {**dati, "capienza": "2"}).status_code == 302


def test_resoconto_con_fasce_sbagliate_mostra_l_errore(client, casa, community_manager):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    client.force_login(community_manager)
    url = reverse("gestione:resoconto", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    risposta = client.post(url, _dati_resoconto(partecipanti_totale=10))
    assert risposta.status_code == 400
    assert "Le fasce d&#x27;età sommano a 3, ma il totale è 10." in risposta.content.decode()
    assert not Resoconto.objects.exists()


def test_resoconto_si_apre_precompilato_con_gli_iscritti(
    client, casa, community_manager, cittadino
):
    attivita = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1), iscrizione_richiesta=True)
    occorrenza = attivita.occorrenze.get()
    Iscrizione.objects.create(occorrenza=occorrenza, utente=cittadino)
    client.force_login(community_manager)
    url = reverse("gestione:resoconto", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    assert client.get(url).context["form"].initial["partecipanti_totale"] == 1


def test_settimana_con_data_malformata_avvisa(client, casa, community_manager):
    client.force_login(community_manager)
    risposta = client.get(reverse("gestione:settimana"), {"settimana": "2026-13-45"})
    assert risposta.status_code == 200
    assert "non è valida" in risposta.content.decode()
    assert risposta.context["lunedi"] == dt.date(2026, 3, 2)


def test_sposta_e_annulla_una_data(client, casa, community_manager):
    attivita = crea_attivita(casa, settimanale=True, ripeti_fino_al=dt.date(2026, 3, 12))
    prima, seconda = attivita.occorrenze.order_by("inizio")
    client.force_login(community_manager)
    url = reverse("gestione:occorrenza_sposta", kwargs={"slug": casa.slug, "pk": prima.pk})
    risposta = client.post(url, {"inizio": "2026-03-06T10:00", "fine": "2026-03-06T12:00"})
    assert risposta.status_code == 302
    url = reverse("gestione:occorrenza_annulla", kwargs={"slug": casa.slug, "pk": seconda.pk})
    assert client.post(url, {"motivo": "Sala occupata"}).status_code == 302
    prima.refresh_from_db()
    seconda.refresh_from_db()
    assert prima.spostata
    assert prima.inizio.astimezone(ROMA).day == 6
    assert seconda.annullata
    assert seconda.motivo_annullamento == "Sala occupata"


def test_sposta_con_fine_prima_dell_inizio_non_scrive(client, casa, community_manager):
    occorrenza = crea_attivita(casa).occorrenze.get()
    client.force_login(community_manager)
    url = reverse("gestione:occorrenza_sposta", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    risposta = client.post(url, {"inizio": "2026-03-06T10:00", "fine": "2026-03-06T09:00"})
    assert risposta.status_code == 400
    occorrenza.refresh_from_db()
    assert not occorrenza.spostata


def test_contatto_per_argomento_senza_servizio(client, casa, community_manager):
    from tests.factories import crea_categoria

    categoria = crea_categoria(nome="Informazioni")
    client.force_login(community_manager)
    url = reverse("gestione:sportello", kwargs={"slug": casa.slug})
    risposta = client.post(
        url,
        {
            "servizio": "altro",
            "altro-categoria": categoria.pk,
            "altro-durata": "oltre_30",
            "altro-lingua": "ar",
            "altro-inviato_a_ufficio_comunale": "on",
        },
    )
    assert risposta.status_code == 302
    contatto = ContattoSportello.objects.get()
    assert (contatto.categoria, contatto.lingua, contatto.inviato_a_ufficio_comunale) == (
        categoria,
        "ar",
        True,
    )


@pytest.mark.parametrize("scelto", ["²", "x", ""])
def test_contatto_con_un_servizio_che_non_e_un_numero_e_404(
    client, casa, community_manager, scelto
):
    """A posted service that int() refuses ("²" passes str.isdigit()) is no service of the
    place: a 404, as for another place's, never a 500."""
    client.force_login(community_manager)
    url = reverse("gestione:sportello", kwargs={"slug": casa.slug})
    assert client.post(url, {"servizio": scelto}).status_code == 404
    assert not ContattoSportello.objects.exists()


# --- Numbers -------------------------------------------------------------------------


def test_numeri_del_mese_a_confronto_col_precedente(client, casa, altra_casa, community_manager):
    for giorni, partecipanti in [(1, 10), (2, 5), (10, 7)]:
        occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=giorni)).occorrenze.get()
        registra_resoconto(
            resoconto=Resoconto(
                occorrenza=occorrenza,
                partecipanti_totale=partecipanti,
                partecipanti_14_64=partecipanti,
                ore_volontariato=2,
            ),
            utente=community_manager,
        )
    crea_attivita(altra_casa, inizio=ADESSO - dt.timedelta(days=1))
    registra_contatto(luogo=casa, utente=community_manager, servizio=crea_servizio(casa))
    client.force_login(community_manager)
    righe = client.get(reverse("gestione:settimana")).context["numeri"]["righe"]
    assert [(r["corrente"], r["passato"]) for r in righe] == [(2, 1), (15, 7), (1, 0), (4, 2)]


def _ore_nel_registro(resoconto, utente, **campi):
    """A ledger entry linked to `resoconto`, for a volunteer enrolled at its place."""
    from tests.factories import crea_incarico, crea_opportunita, crea_ore

    opportunita = crea_opportunita(resoconto.occorrenza.attivita.luogo)
    data = timezone.localtime(resoconto.occorrenza.inizio).date()
    return crea_ore(crea_incarico(opportunita=opportunita), data=data, resoconto=resoconto, **campi)


def _approvate(**campi) -> dict:
    return {"stato": "approvata", "approvata_il": ADESSO, **campi}


def test_numeri_del_mese_contano_le_ore_approvate_del_registro(client, casa, community_manager):
    for giorni in (1, 2, 10):
        occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=giorni)).occorrenze.get()
        resoconto = registra_resoconto(
            resoconto=Resoconto(occorrenza=occorrenza, partecipanti_totale=0, ore_volontariato=2),
            utente=community_manager,
        )
        _ore_nel_registro(resoconto, community_manager, **_approvate(ore=Decimal("1.5")))
        _ore_nel_registro(resoconto, community_manager, **_approvate(ore=1))
        # Pending hours are not counted until a tutor approves them.
        _ore_nel_registro(resoconto, community_manager, ore=4)
    client.force_login(community_manager)
    righe = client.get(reverse("gestione:settimana")).context["numeri"]["righe"]
    assert [(r["corrente"], r["passato"]) for r in righe] == [(2, 1), (0, 0), (0, 0), (9, 4.5)]


def test_resoconto_mostra_le_ore_del_registro_e_il_collegamento(client, casa, community_manager):
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    url = reverse("gestione:resoconto", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    client.force_login(community_manager)
    assert "/volontariato/resoconti/" not in client.get(url).content.decode()
    resoconto = registra_resoconto(
        resoconto=Resoconto(occorrenza=occorrenza, partecipanti_totale=0),
        utente=community_manager,
    )
    _ore_nel_registro(resoconto, community_manager, **_approvate(ore=Decimal("2.5")))
    _ore_nel_registro(resoconto, community_manager, ore=1)
    pagina = client.get(url).content.decode()
    assert reverse("volontari:ore_resoconto", kwargs={"pk": resoconto.pk}) in pagina
    assert "2,50 approvate, 1 in attesa" in pagina
    assert "non iscritti al registro" in pagina


# --- Query counts ------------------------------------------------------------------


def _riempi(casa, utente, quante: int) -> None:
    for n in range(quante):
        attivita = crea_attivita(
            casa, inizio=ADESSO + dt.timedelta(hours=n % 48), iscrizione_richiesta=True
        )
        Iscrizione.objects.create(occorrenza=attivita.occorrenze.get(), utente=utente)
        crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1, hours=n))
        crea_servizio(casa)


@pytest.mark.parametrize("quante", [1, 25])
def test_settimana_numero_di_query_costante(
    client, casa, community_manager, cittadino, quante, django_assert_max_num_queries
):
    """Session and user (2); the user manages a place (1); the week's dates with activity,
    place, log and registration counts (1); the logs to write (1); the month's activity
    numbers, the approved ledger hours of each log as a subquery (1); the month's desk
    contacts (1)."""
    _riempi(casa, cittadino, quante)
    client.force_login(community_manager)
    with django_assert_max_num_queries(7):
        risposta = client.get(reverse("gestione:settimana"))
    assert risposta.status_code == 200
    assert len(risposta.context["da_registrare"]) == quante


@pytest.mark.parametrize("quante", [1, 25])
def test_lista_attivita_numero_di_query_costante(
    client, casa, community_manager, cittadino, quante, django_assert_max_num_queries
):
    """Session and user (2); the managed place (1); count and page of activities with
    their next date and number of dates (2)."""
    _riempi(casa, cittadino, quante)
    client.force_login(community_manager)
    with django_assert_max_num_queries(5):
        risposta = client.get(reverse("gestione:attivita_lista", kwargs={"slug": casa.slug}))
    assert risposta.status_code == 200


@pytest.mark.parametrize("quante", [1, 25])
def test_sportello_numero_di_query_costante(
    client, casa, community_manager, cittadino, quante, django_assert_max_num_queries
):
    """Session and user (2); the managed place (1); services with category and today's
    contacts (1); the categories of the "other topic" form (1)."""
    _riempi(casa, cittadino, quante)
    client.force_login(community_manager)
    with django_assert_max_num_queries(5):
        risposta = client.get(reverse("gestione:sportello", kwargs={"slug": casa.slug}))
    assert risposta.status_code == 200
    assert len(risposta.context["servizi"]) == quante


# --- Citizens' registration ------------------------------------------------------------


def test_cittadino_si_iscrive_e_annulla(client, casa, cittadino):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True, capienza=1).occorrenze.get()
    client.force_login(cittadino)
    client.post(reverse("quartieri:iscriviti", kwargs={"pk": occorrenza.pk}))
    assert Iscrizione.objects.get().stato == "confermata"
    client.post(reverse("quartieri:annulla_iscrizione", kwargs={"pk": occorrenza.pk}))
    assert Iscrizione.objects.get().stato == "annullata"


def test_anonimo_che_si_iscrive_va_all_accesso(anonimo, casa):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    risposta = anonimo.post(reverse("quartieri:iscriviti", kwargs={"pk": occorrenza.pk}))
    assert risposta.status_code == 302
    assert "/account/login/" in risposta["Location"]
    assert not Iscrizione.objects.exists()


def test_attivita_interna_non_visibile_al_cittadino(client, casa, cittadino):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True, pubblica=False).occorrenze.get()
    client.force_login(cittadino)
    risposta = client.post(reverse("quartieri:iscriviti", kwargs={"pk": occorrenza.pk}))
    assert risposta.status_code == 404


def test_non_si_annulla_l_iscrizione_di_un_altro(client, casa, cittadino, tutor):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    Iscrizione.objects.create(occorrenza=occorrenza, utente=cittadino)
    client.force_login(tutor)
    risposta = client.post(reverse("quartieri:annulla_iscrizione", kwargs={"pk": occorrenza.pk}))
    assert risposta.status_code == 404
    assert Iscrizione.objects.get().stato == "confermata"


def test_iscrizione_doppia_mostra_un_messaggio(client, casa, cittadino):
    occorrenza = crea_attivita(casa, iscrizione_richiesta=True).occorrenze.get()
    client.force_login(cittadino)
    url = reverse("quartieri:iscriviti", kwargs={"pk": occorrenza.pk})
    client.post(url)
    risposta = client.post(url, follow=True)
    assert "Sei già iscritto" in risposta.content.decode()
    assert Iscrizione.objects.count() == 1


@pytest.mark.parametrize("quante", [1, 20])
def test_resoconto_numero_di_query_costante(
    client, casa, community_manager, quante, django_assert_max_num_queries
):
    """Session and user (2); the managed place (1); the date with its activity (1); the log
    with its ledger hours summed (1); whether the user still manages the place, for the
    correction rule (1)."""
    occorrenza = crea_attivita(casa, inizio=ADESSO - dt.timedelta(days=1)).occorrenze.get()
    resoconto = registra_resoconto(
        resoconto=Resoconto(occorrenza=occorrenza, partecipanti_totale=0),
        utente=community_manager,
    )
    for _n in range(quante):
        _ore_nel_registro(resoconto, community_manager)
    client.force_login(community_manager)
    url = reverse("gestione:resoconto", kwargs={"slug": casa.slug, "pk": occorrenza.pk})
    with django_assert_max_num_queries(6):
        risposta = client.get(url)
    assert risposta.status_code == 200
