from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from tests.factories import crea_incarico, crea_opportunita, crea_ore, crea_volontario
from volontari.models import Candidatura, OreVolontariato
from volontari.views.tutor import VOCI_DA_APPROVARE_PER_PAGINA

pytestmark = pytest.mark.django_db
TUTOR = reverse("volontari:tutor")


@pytest.fixture(autouse=True)
def _oggi():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


def _molte_ore(opportunita, quante: int) -> None:
    for n in range(quante):
        incarico = crea_incarico(opportunita=opportunita)
        crea_ore(incarico, data=dt.date(2025, 3, 1) + dt.timedelta(days=n % 5))
        Candidatura.objects.create(volontario=incarico.volontario, opportunita=opportunita)


@pytest.mark.parametrize("quante", [1, 30])
def test_area_tutor_con_numero_costante_di_query(
    client, tutor, opportunita, django_assert_max_num_queries, quante
):
    """User with roles; the page of the queue with its total (volunteers and opportunities
    joined); opportunities with counts; applications: 4 in all (session and messages come
    from the cache)."""
    _molte_ore(opportunita, quante)
    client.force_login(tutor)
    with django_assert_max_num_queries(4):
        risposta = client.get(TUTOR)
    assert risposta.status_code == 200
    assert len(risposta.context["righe_coda"]) == min(quante, VOCI_DA_APPROVARE_PER_PAGINA)


def test_coda_mostra_le_righe_a_pagine_con_volontario_giorno_e_attivita(client, tutor, incarico):
    for n in range(VOCI_DA_APPROVARE_PER_PAGINA + 2):
        crea_ore(incarico, data=dt.date(2025, 1, 1) + dt.timedelta(days=n))
    client.force_login(tutor)
    prima = client.get(TUTOR).content.decode()
    seconda = client.get(TUTOR, {"page": 2})
    volontario = escape(str(incarico.volontario))
    url = reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    assert f"{volontario}, 1 gennaio 2025</label>" in prima
    assert f'<a href="{url}">{volontario}</a>' in prima
    assert "Pagina 1 di 2" in prima
    assert "27 gennaio 2025" in seconda.content.decode()
    assert len(seconda.context["righe_coda"]) == 2


def test_pagina_della_coda_fuori_intervallo_come_get_page(client, tutor, incarico):
    for n in range(VOCI_DA_APPROVARE_PER_PAGINA + 2):
        crea_ore(incarico, data=dt.date(2025, 1, 1) + dt.timedelta(days=n))
    client.force_login(tutor)
    for richiesta, numero, righe in [
        ("99", 2, 2),
        ("0", 2, 2),
        ("x", 1, VOCI_DA_APPROVARE_PER_PAGINA),
        ("2", 2, 2),
    ]:
        risposta = client.get(TUTOR, {"page": richiesta})
        assert risposta.context["pagina"].number == numero
        assert len(risposta.context["righe_coda"]) == righe
        assert f"Pagina {numero} di 2" in risposta.content.decode()


def test_approvazione_in_blocco_dalla_coda(client, tutor, incarico):
    voci = [crea_ore(incarico, data=dt.date(2025, 3, n)).pk for n in (1, 2)]
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": voci, "azione": "approva"}
    )
    assert risposta.status_code == 302
    assert OreVolontariato.objects.approvate().count() == 2


def test_rifiuto_senza_motivo_mostra_errore(client, tutor, incarico):
    voce = crea_ore(incarico)
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": [voce.pk], "azione": "rifiuta"}
    )
    assert risposta.status_code == 400
    assert "Spiega al volontario" in risposta.content.decode()
    assert OreVolontariato.objects.in_attesa().count() == 1


def test_voci_di_altri_tutor_non_si_decidono(client, tutor, altro_incarico):
    voce = crea_ore(altro_incarico)
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": [voce.pk], "azione": "approva"}
    )
    assert risposta.status_code == 400
    voce.refresh_from_db()
    assert voce.stato == "in_attesa"


def test_lo_staff_non_approva_le_proprie_ore_dalla_coda(client, staff, opportunita):
    from portal.ruoli import GRUPPO_STAFF
    from tests.conftest import crea_utente

    propria = crea_ore(crea_incarico(volontario=crea_volontario(staff), opportunita=opportunita))
    altrui = crea_ore(crea_incarico(opportunita=opportunita))
    client.force_login(staff)
    assert [r["pk"] for r in client.get(TUTOR).context["righe_coda"]] == [altrui.pk]
    decidi = reverse("volontari:tutor_decidi_ore")
    risposta = client.post(decidi, {"voci": [propria.pk], "azione": "approva"})
    assert risposta.status_code == 400
    propria.refresh_from_db()
    assert propria.stato == "in_attesa"
    # Another member of staff may.
    client.force_login(crea_utente("collega@comune.test", gruppo=GRUPPO_STAFF, is_staff=True))
    assert client.post(decidi, {"voci": [propria.pk], "azione": "approva"}).status_code == 302
    propria.refresh_from_db()
    assert propria.stato == "approvata"


def test_risposta_a_una_candidatura(client, tutor, volontario, opportunita):
    candidatura = Candidatura.objects.create(volontario=volontario, opportunita=opportunita)
    client.force_login(tutor)
    url = reverse("volontari:tutor_candidatura", kwargs={"pk": candidatura.pk})
    assert client.get(url).status_code == 200
    risposta = client.post(url, {"esito": "rifiuta", "risposta": ""})
    assert "perché la candidatura non è accolta" in risposta.content.decode()
    risposta = client.post(url, {"esito": "accetta", "risposta": "Benvenuto"})
    assert risposta.status_code == 302
    assert volontario.incarichi.get().data_inizio == dt.date(2025, 3, 10)


@pytest.mark.parametrize("quante", [1, 30])
def test_ore_del_volontario_con_numero_costante_di_query(
    client, tutor, incarico, django_assert_max_num_queries, quante
):
    """Session, user, groups; the volunteer; enrolments with sums; count and page of
    entries (opportunity and corrected entry joined): 7 in all."""
    for n in range(quante):
        crea_ore(incarico, data=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    client.force_login(tutor)
    url = reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    with django_assert_max_num_queries(7):
        risposta = client.get(url)
    assert risposta.status_code == 200
    assert len(risposta.context["pagina"].object_list) == quante


def test_ore_di_gruppo(client, tutor, incarico, opportunita):
    secondo = crea_incarico(opportunita=opportunita)
    client.force_login(tutor)
    url = reverse("volontari:tutor_ore_gruppo", kwargs={"pk": opportunita.pk})
    assert client.get(url).status_code == 200
    risposta = client.post(
        url,
        {
            "data": "2025-03-04",
            "attivita_svolta": "Festa di primavera",
            f"ore_{incarico.pk}": "2.5",
            f"ore_{secondo.pk}": "",
        },
    )
    assert risposta.status_code == 302
    assert list(OreVolontariato.objects.values_list("incarico", "ore")) == [(incarico.pk, 2.5)]


def test_ore_di_gruppo_quarti_d_ora(client, tutor, incarico, opportunita):
    client.force_login(tutor)
    url = reverse("volontari:tutor_ore_gruppo", kwargs={"pk": opportunita.pk})
    risposta = client.post(
        url, {"data": "2025-03-04", "attivita_svolta": "x", f"ore_{incarico.pk}": "1.1"}
    )
    assert "quarti d'ora" in risposta.context["form"].errors[f"ore_{incarico.pk}"][0]
    assert not OreVolontariato.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_area_tutor_e_profilo_senza_violazioni_axe(pagina_telefono, live_server, tutor, incarico):
    from tests.conftest import accedi_nel_browser, violazioni_axe

    crea_ore(incarico)
    Candidatura.objects.create(
        volontario=crea_incarico().volontario, opportunita=incarico.opportunita
    )
    accedi_nel_browser(pagina_telefono, live_server, tutor)
    for url in (
        TUTOR,
        reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id}),
        reverse("volontari:tutor_ore_gruppo", kwargs={"pk": incarico.opportunita_id}),
        reverse("volontari:profilo"),
    ):
        pagina_telefono.goto(url)
        assert violazioni_axe(pagina_telefono) == [], url


# --- Ending an enrolment -------------------------------------------------------------


def _termina(incarico) -> str:
    return reverse("volontari:tutor_termina_incarico", kwargs={"pk": incarico.pk})


def test_pagina_del_volontario_offre_di_terminare_gli_incarichi_attivi(client, tutor, incarico):
    client.force_login(tutor)
    pagina = client.get(
        reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    ).content.decode()
    assert f'action="{_termina(incarico)}"' in pagina
    assert 'value="2025-03-10"' in pagina


def test_tutor_termina_un_incarico(client, tutor, incarico):
    client.force_login(tutor)
    risposta = client.get(_termina(incarico))
    assert risposta.context["form"].initial["data_fine"] == dt.date(2025, 3, 10)
    risposta = client.post(_termina(incarico), {"data_fine": "2025-03-08"})
    assert risposta.status_code == 302
    incarico.refresh_from_db()
    assert incarico.data_fine == dt.date(2025, 3, 8)
    # Ended: no form any more, the page is a 404.
    assert client.get(_termina(incarico)).status_code == 404


def test_fine_prima_dell_inizio_mostra_errore(client, tutor, incarico):
    client.force_login(tutor)
    risposta = client.post(_termina(incarico), {"data_fine": "2023-12-31"})
    assert risposta.status_code == 400
    assert "non può finire prima di iniziare" in risposta.content.decode()
    incarico.refresh_from_db()
    assert incarico.data_fine is None


@pytest.mark.parametrize("persona", ["community_manager", "staff"])
def test_manager_del_luogo_e_staff_terminano_un_incarico(client, request, persona, incarico):
    client.force_login(request.getfixturevalue(persona))
    risposta = client.post(_termina(incarico), {"data_fine": "2025-03-10"})
    assert risposta.status_code == 302
    incarico.refresh_from_db()
    assert incarico.data_fine == dt.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("persona", "codice"),
    [("altro_tutor", 404), ("altro_community_manager", 404), ("cittadino", 403)],
)
def test_altri_non_terminano_un_incarico(client, request, persona, codice, incarico):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_termina(incarico)).status_code == codice
    assert client.post(_termina(incarico), {"data_fine": "2025-03-10"}).status_code == codice
    incarico.refresh_from_db()
    assert incarico.data_fine is None


def test_il_volontario_non_termina_dall_area_tutor(client, incarico):
    client.force_login(incarico.volontario.user)
    assert client.post(_termina(incarico), {"data_fine": "2025-03-10"}).status_code == 403


# --- Correcting an approved entry ----------------------------------------------------


def _approvata(incarico, **campi):
    from django.utils import timezone

    return crea_ore(
        incarico, stato=OreVolontariato.Stato.APPROVATA, approvata_il=timezone.now(), **campi
    )


def _correggi(voce) -> str:
    return reverse("volontari:tutor_correggi_ore", kwargs={"pk": voce.pk})


def _istantanea(voce) -> tuple:
    voce.refresh_from_db()
    return (voce.ore, voce.stato, voce.approvata_il, voce.attivita_svolta, voce.corregge_id)


def test_pagina_del_volontario_offre_di_correggere_solo_le_approvate(client, tutor, incarico):
    approvata = _approvata(incarico, data=dt.date(2025, 3, 3))
    in_attesa = crea_ore(incarico, data=dt.date(2025, 3, 4))
    client.force_login(tutor)
    pagina = client.get(
        reverse("volontari:tutor_volontario", kwargs={"pk": incarico.volontario_id})
    ).content.decode()
    assert _correggi(approvata) in pagina
    assert _correggi(in_attesa) not in pagina


def test_tutor_corregge_una_registrazione_approvata(client, tutor, incarico):
    voce = _approvata(incarico)
    prima = _istantanea(voce)
    client.force_login(tutor)
    assert client.get(_correggi(voce)).status_code == 200
    risposta = client.post(_correggi(voce), {"delta": "-0.75", "motivo": "Uscito prima."})
    assert risposta.status_code == 302
    correzione = OreVolontariato.objects.get(corregge=voce)
    assert (correzione.ore, correzione.motivo_correzione, correzione.stato) == (
        Decimal("-0.75"),
        "Uscito prima.",
        "in_attesa",
    )
    assert _istantanea(voce) == prima


@pytest.mark.parametrize(
    ("dati", "messaggio"),
    [
        ({"delta": "1", "motivo": "  "}, "Spiega perché correggi"),
        ({"delta": "-2.25", "motivo": "Errore"}, "meno di zero"),
        ({"delta": "10.25", "motivo": "Errore"}, "12 al giorno"),
        ({"delta": "0.1", "motivo": "Errore"}, "quarti d'ora"),
        ({"delta": "0", "motivo": "Errore"}, "zero ore"),
    ],
)
def test_correzione_sbagliata_mostra_errore_e_non_scrive(client, tutor, incarico, dati, messaggio):
    voce = _approvata(incarico)
    prima = _istantanea(voce)
    client.force_login(tutor)
    risposta = client.post(_correggi(voce), dati)
    assert risposta.status_code == 400
    assert escape(messaggio) in risposta.content.decode()
    assert OreVolontariato.objects.count() == 1
    assert _istantanea(voce) == prima


def test_non_si_corregge_una_voce_in_attesa_ne_una_correzione(client, tutor, incarico):
    voce = _approvata(incarico)
    correzione = crea_ore(incarico, data=voce.data, ore=-1, corregge=voce, motivo_correzione="x")
    client.force_login(tutor)
    assert client.get(_correggi(crea_ore(incarico, data=dt.date(2025, 3, 1)))).status_code == 404
    assert client.get(_correggi(correzione)).status_code == 404


@pytest.mark.parametrize("persona", ["community_manager", "staff"])
def test_manager_del_luogo_e_staff_correggono(client, request, persona, incarico):
    voce = _approvata(incarico)
    client.force_login(request.getfixturevalue(persona))
    risposta = client.post(_correggi(voce), {"delta": "1", "motivo": "Dimenticata un'ora."})
    assert risposta.status_code == 302
    assert OreVolontariato.objects.filter(corregge=voce).count() == 1


@pytest.mark.parametrize(
    ("persona", "codice"),
    [("altro_tutor", 404), ("altro_community_manager", 404), ("cittadino", 403)],
)
def test_altri_non_correggono(client, request, persona, codice, incarico):
    voce = _approvata(incarico)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_correggi(voce)).status_code == codice
    assert client.post(_correggi(voce), {"delta": "1", "motivo": "x"}).status_code == codice
    assert not OreVolontariato.objects.filter(corregge=voce).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_termina_e_correggi_senza_violazioni_axe(pagina_telefono, live_server, tutor, incarico):
    from tests.conftest import accedi_nel_browser, violazioni_axe

    voce = _approvata(incarico)
    accedi_nel_browser(pagina_telefono, live_server, tutor)
    for url in (_termina(incarico), _correggi(voce)):
        pagina_telefono.goto(url)
        assert violazioni_axe(pagina_telefono) == [], url


def test_conferma_senza_scegliere_cosa_fare_tiene_le_spunte_e_spiega(client, tutor, incarico):
    voci = [crea_ore(incarico, data=dt.date(2025, 1, 1) + dt.timedelta(days=n)) for n in range(3)]
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"),
        {"voci": [voci[0].pk, voci[2].pk], "motivo": "Da rivedere"},
    )
    testo = risposta.content.decode()
    assert "Scegli se approvare o non approvare le registrazioni spuntate." in testo
    assert f'value="{voci[0].pk}" id="voce_{voci[0].pk}" checked' in testo
    assert f'value="{voci[1].pk}" id="voce_{voci[1].pk}">' in testo
    assert f'value="{voci[2].pk}" id="voce_{voci[2].pk}" checked' in testo
    assert "Da rivedere" in testo
    assert OreVolontariato.objects.in_attesa().count() == 3


def test_errore_sulla_seconda_pagina_della_coda_la_mostra_ancora(client, tutor, incarico):
    for n in range(VOCI_DA_APPROVARE_PER_PAGINA + 2):
        crea_ore(incarico, data=dt.date(2025, 1, 1) + dt.timedelta(days=n))
    ultima = OreVolontariato.objects.order_by("-data").first()
    client.force_login(tutor)
    seconda = client.get(TUTOR, {"page": 2}).content.decode()
    azione = f"{reverse('volontari:tutor_decidi_ore')}?page=2"
    assert f'action="{azione}"' in seconda

    risposta = client.post(azione, {"voci": [ultima.pk]})

    assert f'value="{ultima.pk}" id="voce_{ultima.pk}" checked' in risposta.content.decode()


def test_ogni_riga_della_coda_ha_la_sua_chiave(client, tutor, casa, opportunita):
    """The queue's rows are kept per process under every value they print (portal/righe.py):
    entries differing in every printed value are different rows, visit after visit, and a
    ticked row is not the unticked one kept before."""
    seconda_opportunita = crea_opportunita(casa, tutor=tutor, titolo="Orto condiviso")
    approvata = _approvata(
        crea_incarico(crea_volontario(nome="Anna", cognome="Bianchi"), opportunita),
        data=dt.date(2025, 2, 3),
    )
    prima = crea_ore(
        approvata.incarico,
        data=dt.date(2025, 3, 1),
        ore=Decimal("-0.5"),
        attivita_svolta="Lettura ai bambini.",
        corregge=approvata,
        motivo_correzione="Mezz'ora in meno",
    )
    seconda = crea_ore(
        crea_incarico(crea_volontario(nome="Bruno", cognome="Verdi"), seconda_opportunita),
        data=dt.date(2025, 3, 2),
        ore=Decimal("3"),
        attivita_svolta="Semina dei pomodori.",
    )
    client.force_login(tutor)
    attese = [
        "Bianchi Anna, 1 marzo 2025</label>",
        "Verdi Bruno, 2 marzo 2025</label>",
        "Lettura ad alta voce: Lettura ai bambini. (Mezz&#x27;ora in meno)",
        "Orto condiviso: Semina dei pomodori.</td>",
        '<span class="badge bg-secondary">correzione</span>',
        "<td>3,00</td>",
    ]
    for _visita in range(2):  # the second visit reads the rows the first one kept
        pagina = client.get(TUTOR).content.decode()
        for testo in attese:
            assert testo in pagina
        assert pagina.count("correzione</span>") == 1
        assert f'id="voce_{seconda.pk}">' in pagina
    # The same row, ticked on a form shown again, is another kept row.
    risposta = client.post(reverse("volontari:tutor_decidi_ore"), {"voci": [seconda.pk]})
    testo = risposta.content.decode()
    assert f'value="{seconda.pk}" id="voce_{seconda.pk}" checked' in testo
    assert f'value="{prima.pk}" id="voce_{prima.pk}">' in testo


@pytest.mark.parametrize("scelta", ["²", "٣", "1 ", "-1"])
def test_una_scelta_che_non_e_un_numero_si_spiega_senza_errore(client, tutor, incarico, scelta):
    """A digit that int() reads differently or refuses ("²") is not a tick: the form says
    so, it does not fail."""
    voce = crea_ore(incarico)
    client.force_login(tutor)
    risposta = client.post(
        reverse("volontari:tutor_decidi_ore"), {"voci": [scelta], "azione": "approva"}
    )
    assert risposta.status_code == 400
    assert f'value="{voce.pk}" id="voce_{voce.pk}">' in risposta.content.decode()
    assert OreVolontariato.objects.in_attesa().count() == 1
