"""The filters of the list of places and of the service finder."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from quartieri.filters.luoghi import LuogoFilter, ServizioFilter
from quartieri.models import EccezioneOrario, Luogo, Servizio
from tests.factories import (
    crea_ambito,
    crea_categoria,
    crea_comune,
    crea_eccezione,
    crea_fascia,
    crea_luogo,
    crea_orario_settimanale,
    crea_quartiere,
    crea_servizio,
)

pytestmark = pytest.mark.django_db

ROMA = ZoneInfo("Europe/Rome")
# Monday 3 March 2025, 10:00 in Reggio Emilia.
LUNEDI_ALLE_10 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ROMA)


@pytest.fixture
def rete():
    """Two quartieri in two ambiti; an open Casa with a parcel point, a centro sociale, a draft."""
    comune = crea_comune()
    nord = crea_quartiere(crea_ambito(comune, nome="Ambito Nord"), nome="Rosta Nuova")
    sud = crea_quartiere(crea_ambito(comune, nome="Ambito Sud"), nome="Buco Magico")
    pacchi = crea_categoria(nome="Punto di ritiro pacchi", slug="ritiro-pacchi")
    digitale = crea_categoria(nome="Facilitazione digitale", slug="facilitazione-digitale")
    mirandola = crea_luogo(
        nord,
        nome="Casa Mirandola",
        descrizione="Orti condivisi e tombola il giovedì.",
        ingresso_senza_gradini=True,
    )
    crea_orario_settimanale(mirandola, "09:00", "19:00")
    crea_servizio(mirandola, pacchi, titolo="Ritiro dei pacchi")
    crea_servizio(mirandola, digitale, titolo="Aiuto con lo SPID", pubblicato=False)
    tricolore = crea_luogo(
        sud, nome="Centro Tricolore", tipo=Luogo.Tipo.CENTRO_SOCIALE, ingresso_senza_gradini=False
    )
    crea_fascia(tricolore, 0, "15:00", "18:00")
    bozza = crea_luogo(nord, nome="Casa in bozza", pubblicato=False)
    crea_servizio(bozza, pacchi)
    return {"nord": nord, "sud": sud, "pacchi": pacchi, "digitale": digitale, "comune": comune}


def nomi_luoghi(dati: dict) -> list[str]:
    filtro = LuogoFilter(dati, queryset=Luogo.objects.pubblicati())
    assert filtro.is_valid(), filtro.errors
    return sorted(luogo.nome for luogo in filtro.qs)


def test_senza_filtri_solo_i_luoghi_pubblicati(rete):
    assert nomi_luoghi({}) == ["Casa Mirandola", "Centro Tricolore"]


def test_filtro_per_quartiere(rete):
    assert nomi_luoghi({"quartiere": rete["sud"].pk}) == ["Centro Tricolore"]


def test_filtro_per_ambito(rete):
    assert nomi_luoghi({"ambito": rete["nord"].ambito_id}) == ["Casa Mirandola"]


def test_filtro_per_tipo(rete):
    assert nomi_luoghi({"tipo": "centro_sociale"}) == ["Centro Tricolore"]


def test_filtro_per_categoria_di_servizio_pubblicato(rete):
    assert nomi_luoghi({"categoria": "ritiro-pacchi"}) == ["Casa Mirandola"]
    # The only digital service is not published: no place offers it.
    assert nomi_luoghi({"categoria": "facilitazione-digitale"}) == []


def test_filtro_ingresso_senza_gradini_spuntato_e_non(rete):
    assert nomi_luoghi({"senza_gradini": "on"}) == ["Casa Mirandola"]
    assert nomi_luoghi({"q": ""}) == ["Casa Mirandola", "Centro Tricolore"]


@time_machine.travel(LUNEDI_ALLE_10, tick=False)
def test_filtro_aperto_ora_lunedi_mattina(rete):
    assert nomi_luoghi({"aperto_ora": "on"}) == ["Casa Mirandola"]


@time_machine.travel(dt.datetime(2025, 3, 3, 16, 0, tzinfo=ROMA), tick=False)
def test_filtro_aperto_ora_rispetta_le_chiusure(rete):
    mirandola = Luogo.objects.get(nome="Casa Mirandola")
    crea_eccezione(mirandola, dt.date(2025, 3, 3), motivo="Assemblea")
    assert nomi_luoghi({"aperto_ora": "on"}) == ["Centro Tricolore"]


@pytest.mark.parametrize(
    ("testo", "attesi"),
    [
        ("Mirandola", ["Casa Mirandola"]),
        ("tombola", ["Casa Mirandola"]),
        ("pacchi", ["Casa Mirandola"]),
        ("SPID", []),  # the service is not published
        ("bozza", []),
        ("nessuna corrispondenza", []),
    ],
)
def test_ricerca_testuale(rete, testo, attesi):
    assert nomi_luoghi({"q": testo}) == attesi


def test_filtri_combinati(rete):
    assert nomi_luoghi({"ambito": rete["nord"].ambito_id, "tipo": "casa_di_quartiere"}) == [
        "Casa Mirandola"
    ]
    assert nomi_luoghi({"quartiere": rete["nord"].pk, "tipo": "centro_sociale"}) == []


@pytest.mark.parametrize(
    ("dati", "campo", "messaggio"),
    [
        ({"categoria": "non-esiste"}, "categoria", "Categoria sconosciuta"),
        ({"quartiere": "999999"}, "quartiere", "Quartiere sconosciuto"),
        ({"quartiere": "abc"}, "quartiere", "Quartiere sconosciuto"),
        ({"tipo": "castello"}, "tipo", "Scelta non valida"),
        ({"q": "x" * 101}, "q", "100"),
    ],
)
def test_valori_non_validi_danno_un_errore_chiaro(rete, dati, campo, messaggio):
    filtro = LuogoFilter(dati, queryset=Luogo.objects.pubblicati())
    assert not filtro.is_valid()
    assert messaggio in " ".join(filtro.errors[campo])


def test_scelta_del_comune_solo_con_piu_comuni(rete):
    assert "comune" not in LuogoFilter({}, queryset=Luogo.objects.all()).filters
    bergamo = crea_comune(nome="Bergamo", slug="bergamo", codice_istat="016024")
    altrove = crea_luogo(crea_quartiere(crea_ambito(bergamo)), nome="Rete Loreto")
    filtro = LuogoFilter({"comune": bergamo.pk}, queryset=Luogo.objects.pubblicati())
    assert "comune" in filtro.filters
    assert list(filtro.qs) == [altrove]


# --- Services open now, in the database ------------------------------------


@time_machine.travel(LUNEDI_ALLE_10, tick=False)
def test_servizi_aperti_il_segue_orari_propri_o_del_luogo(rete):
    mirandola = Luogo.objects.get(nome="Casa Mirandola")
    pomeriggio = crea_servizio(mirandola, titolo="Solo il pomeriggio", usa_orari_luogo=False)
    pomeriggio.fasce_orarie.create(giorno=0, apre=dt.time(15), chiude=dt.time(18))
    mattina = crea_servizio(mirandola, titolo="Sportello del mattino", usa_orari_luogo=False)
    mattina.fasce_orarie.create(giorno=0, apre=dt.time(9), chiude=dt.time(12))
    crea_servizio(Luogo.objects.get(nome="Centro Tricolore"), titolo="Al Tricolore")
    aperti = Servizio.objects.pubblicati().aperti_il(LUNEDI_ALLE_10)
    assert sorted(s.titolo for s in aperti) == ["Ritiro dei pacchi", "Sportello del mattino"]


@time_machine.travel(LUNEDI_ALLE_10, tick=False)
def test_chiusura_del_luogo_chiude_anche_i_servizi_con_orari_propri(rete):
    mirandola = Luogo.objects.get(nome="Casa Mirandola")
    mattina = crea_servizio(mirandola, titolo="Sportello del mattino", usa_orari_luogo=False)
    mattina.fasce_orarie.create(giorno=0, apre=dt.time(9), chiude=dt.time(12))
    crea_eccezione(mirandola, dt.date(2025, 3, 3), tipo=EccezioneOrario.Tipo.CHIUSURA)
    assert not Servizio.objects.pubblicati().aperti_il(LUNEDI_ALLE_10).exists()


# --- The service finder -----------------------------------------------------


@pytest.fixture
def servizi_in_fila(rete):
    """Three services at places 1, 3 and 6 km north of the Rosta Nuova centre."""
    categoria = crea_categoria(nome="Portierato sociale", slug="portierato-sociale")
    base = rete["nord"]
    for km, nome in [(6, "Lontano"), (1, "Vicino"), (3, "Medio")]:
        luogo = crea_luogo(
            rete["nord"], nome=f"Casa {nome}", lat=base.lat + km / 111.195, lon=base.lon
        )
        crea_servizio(luogo, categoria, titolo=f"Portineria {nome}")
    return base


def titoli_servizi(dati: dict) -> list[str]:
    filtro = ServizioFilter(dati, queryset=Servizio.objects.pubblicati())
    assert filtro.is_valid(), filtro.errors
    return [servizio.titolo for servizio in filtro.qs]


def test_ordina_per_distanza_dalla_posizione(servizi_in_fila):
    dati = {
        "categoria": "portierato-sociale",
        "lat": servizi_in_fila.lat,
        "lon": servizi_in_fila.lon,
    }
    assert titoli_servizi(dati) == ["Portineria Vicino", "Portineria Medio", "Portineria Lontano"]
    filtro = ServizioFilter(dati, queryset=Servizio.objects.pubblicati())
    distanze = [servizio.distanza_km for servizio in filtro.qs]
    assert distanze == pytest.approx([1, 3, 6], abs=0.01)


def test_ordina_per_distanza_dal_centro_del_quartiere(servizi_in_fila, rete):
    # From the southern quartiere, 10 km further north-west, the order flips.
    rete["sud"].lat, rete["sud"].lon = servizi_in_fila.lat + 0.1, servizi_in_fila.lon
    rete["sud"].save()
    titoli = titoli_servizi({"categoria": "portierato-sociale", "quartiere": rete["sud"].pk})
    assert titoli == ["Portineria Lontano", "Portineria Medio", "Portineria Vicino"]


def test_il_quartiere_scelto_prevale_sulla_posizione(servizi_in_fila, rete):
    lontano = servizi_in_fila.lat + 0.1
    dati = {"quartiere": servizi_in_fila.pk, "lat": lontano, "lon": servizi_in_fila.lon}
    filtro = ServizioFilter(dati, queryset=Servizio.objects.pubblicati())
    assert filtro.is_valid()
    assert filtro.origine == (servizi_in_fila.lat, servizi_in_fila.lon)


def test_senza_posizione_nessuna_distanza(servizi_in_fila):
    filtro = ServizioFilter({"categoria": "portierato-sociale"}, queryset=Servizio.objects.all())
    assert filtro.is_valid()
    assert filtro.origine is None
    assert not hasattr(filtro.qs[0], "distanza_km")


@pytest.mark.parametrize(
    ("dati", "campo", "messaggio"),
    [
        ({"lat": "abc", "lon": "10.6"}, "lat", "deve essere un numero"),
        ({"lat": "91", "lon": "10.6"}, "lat", "tra -90 e 90"),
        ({"lat": "44.7", "lon": "-181"}, "lon", "tra -180 e 180"),
        ({"lat": "44.7"}, "__all__", "sia la latitudine sia la longitudine"),
        ({"categoria": "astronavi"}, "categoria", "Categoria sconosciuta"),
        ({"quartiere": "0"}, "quartiere", "Quartiere sconosciuto"),
    ],
)
def test_finder_valori_non_validi(rete, dati, campo, messaggio):
    filtro = ServizioFilter(dati, queryset=Servizio.objects.pubblicati())
    assert not filtro.is_valid()
    assert messaggio in " ".join(filtro.errors[campo])


@pytest.mark.parametrize("percorso", ["/attivita/", "/volontariato/", "/accordi/", "/enti/"])
def test_le_scelte_dei_filtri_senza_un_oggetto_ne_un_template_per_opzione(percorso, client):
    """The public filters list every quartiere and ambito (the calendar every published place):
    each option is printed from its value and name, never from a model instance built for it
    nor through Django's per-option template. No row is listed, so any instance would be an
    option's."""
    from django.db.models.signals import post_init

    from quartieri.models import AmbitoTerritoriale, Quartiere

    quartiere = crea_quartiere(crea_ambito(nome="Ambito delle opzioni"), nome="Quartiere opzione")
    for n in range(5):
        crea_luogo(quartiere, nome=f"Casa delle opzioni {n}", slug=f"casa-opzioni-{n}")
    costruiti = []

    def conta(sender, **kwargs):
        costruiti.append(sender)

    for modello in (Luogo, Quartiere, AmbitoTerritoriale):
        post_init.connect(conta, sender=modello, dispatch_uid=f"conta-{modello.__name__}")
    try:
        risposta = client.get(percorso)
    finally:
        for modello in (Luogo, Quartiere, AmbitoTerritoriale):
            post_init.disconnect(sender=modello, dispatch_uid=f"conta-{modello.__name__}")

    html = risposta.content.decode()
    assert f'<option value="{quartiere.pk}">Quartiere opzione</option>' in html
    if percorso != "/enti/":  # the registry has no area filter
        assert f'<option value="{quartiere.ambito.pk}">Ambito delle opzioni</option>' in html
    if percorso == "/attivita/":
        assert '<option value="casa-opzioni-4">Casa delle opzioni 4</option>' in html
    assert costruiti == []
    assert "django/forms/widgets/select_option.html" not in [t.name for t in risposta.templates]
