from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from volontari.models import Candidatura, Polizza, Volontario

pytestmark = pytest.mark.django_db

PROFILO = reverse("volontari:profilo")
DATI = {
    "nome": "Chiara",
    "cognome": "Conti",
    "codice_fiscale": "cntchr83t41d969d",
    "data_nascita": "1983-12-01",
    "luogo_nascita": "Milano",
    "comune": "Reggio nell'Emilia",
    "indirizzo": "via Roma 3",
    "consenso_privacy": "on",
}


@pytest.fixture(autouse=True)
def _oggi():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


def test_cittadino_completa_il_profilo(client, cittadino):
    client.force_login(cittadino)
    assert client.get(PROFILO).status_code == 200
    risposta = client.post(PROFILO, DATI)
    assert risposta.status_code == 302
    volontario = Volontario.objects.get(user=cittadino)
    assert volontario.codice_fiscale == "CNTCHR83T41D969D"
    assert volontario.consenso_privacy_il is not None


def test_codice_fiscale_incoerente_messaggio_chiaro_e_nessun_salvataggio(client, cittadino):
    client.force_login(cittadino)
    risposta = client.post(PROFILO, {**DATI, "data_nascita": "1983-12-02"})
    errori = risposta.context["form"].errors["codice_fiscale"]
    assert errori == ["Il codice fiscale non corrisponde alla data di nascita indicata."]
    assert "CNTCHR83T41D969D" not in risposta.content.decode()
    assert not Volontario.objects.exists()


def test_senza_informativa_non_si_salva(client, cittadino):
    client.force_login(cittadino)
    senza = {k: v for k, v in DATI.items() if k != "consenso_privacy"}
    risposta = client.post(PROFILO, senza)
    assert "informativa" in risposta.context["form"].errors["consenso_privacy"][0]


def test_anonimo_va_al_login(client):
    assert client.get(PROFILO).status_code == 302


def test_candidatura_dal_profilo(client, volontario, opportunita):
    client.force_login(volontario.user)
    url = reverse("volontari:candidati", kwargs={"slug": opportunita.slug})
    assert client.post(url, {"messaggio": "Ciao"}).status_code == 302
    assert Candidatura.objects.filter(volontario=volontario).count() == 1
    risposta = client.post(url, {"messaggio": "Ancora"}, follow=True)
    assert "già una candidatura" in risposta.content.decode()


def test_candidatura_senza_profilo_rimanda_al_profilo(client, cittadino, opportunita):
    client.force_login(cittadino)
    url = reverse("volontari:candidati", kwargs={"slug": opportunita.slug})
    assert client.post(url).url == PROFILO


def test_ore_fuori_copertura_il_modulo_spiega_perche(client, volontario, incarico):
    Polizza.objects.update(copertura_al=dt.date(2025, 2, 28))
    client.force_login(volontario.user)
    risposta = client.post(
        reverse("volontari:registra_ore"),
        {"incarico": incarico.pk, "data": "2025-03-04", "ore": "2", "attivita_svolta": "x"},
    )
    [errore] = risposta.context["form"].errors["data"]
    assert "nessuna polizza assicurativa" in errore
    assert "art. 18" in errore
    assert not incarico.ore.exists()


def test_doppia_registrazione_dal_modulo(client, volontario, incarico):
    client.force_login(volontario.user)
    dati = {"incarico": incarico.pk, "data": "2025-03-04", "ore": "2", "attivita_svolta": "x"}
    assert client.post(reverse("volontari:registra_ore"), dati).status_code == 302
    risposta = client.post(reverse("volontari:registra_ore"), dati)
    assert "già registrate" in risposta.context["form"].errors["data"][0]
    assert incarico.ore.count() == 1


def test_codice_fiscale_da_spid_non_modificabile(client, cittadino):
    cittadino.codice_fiscale = "CNTCHR83T41D969D"
    cittadino.save()
    client.force_login(cittadino)
    pagina = client.get(PROFILO)
    assert pagina.context["form"].fields["codice_fiscale"].disabled
    assert "CNTCHR83T41D969D" in pagina.content.decode()
    risposta = client.post(PROFILO, {**DATI, "codice_fiscale": "RSSMRA80A01H501U"})
    assert risposta.status_code == 302
    assert Volontario.objects.get(user=cittadino).codice_fiscale == "CNTCHR83T41D969D"


def test_profilo_con_codice_fiscale_diverso_da_spid_non_si_salva(cittadino):
    from django.core.exceptions import ValidationError

    from tests.factories import crea_volontario

    volontario = crea_volontario(user=cittadino)
    cittadino.codice_fiscale = "CNTCHR83T41D969D"
    cittadino.save()
    volontario.refresh_from_db()
    with pytest.raises(ValidationError) as errore:
        volontario.full_clean()
    assert "identità digitale" in str(errore.value.message_dict["codice_fiscale"])
