"""FAQ and disservice reports: the public pages, the staff's handling, the e-mails."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from quartieri import tasks
from quartieri.models import Faq, GruppoFaq, Segnalazione
from quartieri.services.assistenza import (
    SEGNALAZIONI_PER_ORA,
    _chiave_limite,
    cancella_dati_personali_segnalazioni,
    rispondi_segnalazione,
)
from tests.factories import crea_luogo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limite_azzerato():
    # The rate limit counts in the cache: each test starts with none sent.
    chiavi = [_chiave_limite(ip) for ip in ("127.0.0.1", "10.9.9.9")]
    cache.delete_many(chiavi)
    yield
    cache.delete_many(chiavi)


@pytest.fixture
def faq():
    casa = GruppoFaq.objects.create(nome="Case di Quartiere", ordine=1)
    volontari = GruppoFaq.objects.create(nome="Volontariato", ordine=2)
    Faq.objects.create(gruppo=casa, domanda="Serve una tessera?", risposta="No, entra pure.")
    Faq.objects.create(
        gruppo=volontari, domanda="Come divento volontario?", risposta="Candidati online."
    )
    Faq.objects.create(
        gruppo=casa, domanda="Domanda in bozza", risposta="Tessera segreta.", pubblicata=False
    )
    return casa


def _foto(formato: str = "PNG", nome: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, formato)
    return SimpleUploadedFile(nome, buffer.getvalue(), content_type="image/png")


def _dati(**altro) -> dict:
    return {
        "categoria": Segnalazione.Categoria.LUOGO,
        "indirizzo": "Sala grande, primo piano",
        "oggetto": "Ascensore fermo",
        "descrizione": "L'ascensore è fermo da una settimana.",
        "privacy": "on",
        **altro,
    }


# --- FAQ ---------------------------------------------------------------------


def test_cerca_trova_ogni_parola_in_domanda_o_risposta(faq):
    trovate = Faq.objects.pubblicate().cerca("TESSERA entra")
    assert [f.domanda for f in trovate] == ["Serve una tessera?"]
    assert not Faq.objects.pubblicate().cerca("tessera segreta").exists()


def test_pagina_faq_raggruppa_le_domande_pubblicate(client, faq):
    risposta = client.get("/domande-frequenti/")
    html = risposta.content.decode()
    assert risposta.status_code == 200
    assert "<title>Domande frequenti" in html
    assert html.index("Case di Quartiere</h2>") < html.index("Serve una tessera?")
    assert html.index("Volontariato</h2>") < html.index("Come divento volontario?")
    assert "Domanda in bozza" not in html


def test_ricerca_senza_javascript(client, faq):
    html = client.get("/domande-frequenti/?q=volontario").content.decode()
    assert "Come divento volontario?" in html
    assert "Serve una tessera?" not in html
    assert "1 domanda trovata per «volontario»." in html


def test_ricerca_troppo_lunga_e_un_errore_del_modulo(client, faq):
    risposta = client.get("/domande-frequenti/", {"q": "x" * 101})
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "più di 100 caratteri" in html
    assert "Serve una tessera?" in html


def test_query_della_pagina_faq(client, faq, django_assert_max_num_queries):
    """Expected queries, whatever the number of questions: 1. the questions with their group."""
    for n in range(20):
        Faq.objects.create(gruppo=faq, domanda=f"Domanda {n}", risposta="Risposta.")
    with django_assert_max_num_queries(1):
        client.get("/domande-frequenti/")


def test_footer_collega_faq_e_segnalazione(client):
    html = client.get("/").content.decode()
    assert re.search(r'href="/domande-frequenti/" data-element="faq">[^<]*FAQ<', html)
    assert re.search(
        r'href="/segnala-disservizio/" data-element="report-inefficiency">Segnala disservizio<',
        html,
    )


# --- Segnala disservizio -----------------------------------------------------


def test_segnalazione_anonima_riceve_il_numero(client):
    risposta = client.post("/segnala-disservizio/", _dati())
    assert risposta.status_code == 302
    segnalazione = Segnalazione.objects.get()
    assert segnalazione.stato == Segnalazione.Stato.RICEVUTA
    assert segnalazione.email == ""
    conferma = client.get(risposta["Location"])
    assert segnalazione.riferimento in conferma.content.decode()
    assert re.fullmatch(r"SD-\d{4}-\d{6}", segnalazione.riferimento)
    assert mail.outbox == []


def test_con_email_il_numero_arriva_anche_per_posta(client, django_capture_on_commit_callbacks):
    casa = crea_luogo(nome="Casa Mirandola")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/segnala-disservizio/",
            _dati(luogo=casa.pk, indirizzo="", email="carla@esempio.test", foto=_foto()),
        )
    segnalazione = Segnalazione.objects.get()
    assert segnalazione.luogo == casa
    assert re.fullmatch(r"segnalazioni/[0-9a-f]{32}\.png", segnalazione.foto.name)
    assert [m.to for m in mail.outbox] == [["carla@esempio.test"]]
    assert segnalazione.riferimento in mail.outbox[0].body
    segnalazione.refresh_from_db()
    assert segnalazione.conferma_inviata_il is not None


@pytest.mark.parametrize(
    ("modifica", "errore"),
    [
        ({"privacy": ""}, "Per inviare la segnalazione serve la presa visione."),
        ({"descrizione": ""}, "Questo campo è obbligatorio."),
        ({"categoria": "inventata"}, "Scegli un&#x27;opzione valida."),
        ({"indirizzo": ""}, "Indica la Casa o il luogo"),
        ({"email": "non-una-email"}, "Inserisci un indirizzo email valido."),
        ({"luogo": "999999"}, "Scegli un&#x27;opzione valida."),
    ],
)
def test_dati_sbagliati_danno_errori_e_nessuna_scrittura(client, modifica, errore):
    risposta = client.post("/segnala-disservizio/", _dati(**modifica))
    assert risposta.status_code == 400
    assert errore in risposta.content.decode()
    assert not Segnalazione.objects.exists()


def test_segnalazione_sul_sito_non_chiede_il_luogo(client):
    risposta = client.post(
        "/segnala-disservizio/", _dati(categoria=Segnalazione.Categoria.SITO, indirizzo="")
    )
    assert risposta.status_code == 302


def test_file_che_non_e_una_foto_e_rifiutato(client):
    finto = SimpleUploadedFile("foto.png", b"non sono una foto", content_type="image/png")
    risposta = client.post("/segnala-disservizio/", _dati(foto=finto))
    assert risposta.status_code == 400
    assert not Segnalazione.objects.exists()


def test_foto_troppo_grande_e_rifiutata(client, monkeypatch):
    monkeypatch.setattr("quartieri.forms.assistenza.FOTO_MAX_BYTE", 10)
    risposta = client.post("/segnala-disservizio/", _dati(foto=_foto()))
    assert risposta.status_code == 400
    assert "supera i 5 MB" in risposta.content.decode()
    assert not Segnalazione.objects.exists()


def test_troppe_segnalazioni_dallo_stesso_indirizzo(client):
    for _ in range(SEGNALAZIONI_PER_ORA):
        assert client.post("/segnala-disservizio/", _dati()).status_code == 302
    risposta = client.post("/segnala-disservizio/", _dati())
    assert risposta.status_code == 400
    assert "troppe segnalazioni" in risposta.content.decode()
    assert Segnalazione.objects.count() == SEGNALAZIONI_PER_ORA
    # Another address is not held back.
    altro = client.post("/segnala-disservizio/", _dati(), REMOTE_ADDR="10.9.9.9")
    assert altro.status_code == 302


def test_con_la_cache_spenta_la_segnalazione_e_accettata(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    assert client.post("/segnala-disservizio/", _dati()).status_code == 302
    assert Segnalazione.objects.count() == 1


@pytest.mark.parametrize("token", ["", "1", "abc:def"])
def test_conferma_con_numero_falsificato_risponde_404(client, token):
    assert client.get("/segnala-disservizio/inviata/", {"r": token}).status_code == 404


def test_la_conferma_non_mostra_l_email(client):
    risposta = client.post("/segnala-disservizio/", _dati(email="carla@esempio.test"))
    assert "carla@esempio.test" not in client.get(risposta["Location"]).content.decode()


# --- Staff handle the report -------------------------------------------------


@pytest.fixture
def segnalazione():
    return Segnalazione.objects.create(
        categoria=Segnalazione.Categoria.LUOGO,
        indirizzo="Sala grande",
        oggetto="Ascensore fermo",
        descrizione="Fermo da una settimana.",
        email="carla@esempio.test",
    )


def test_staff_risponde_e_la_risposta_parte_per_email(
    client, staff, segnalazione, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = f"/admin/quartieri/segnalazione/{segnalazione.pk}/change/"
    pagina = client.get(url)
    assert "carla@esempio.test" in pagina.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(
            url, {"stato": "risolta", "risposta": "Riparato dal tecnico il 3 dicembre."}
        )
    assert risposta.status_code == 302
    segnalazione.refresh_from_db()
    assert segnalazione.stato == Segnalazione.Stato.RISOLTA
    assert segnalazione.risposta_inviata_il is not None
    assert len(mail.outbox) == 1
    assert "Riparato dal tecnico il 3 dicembre." in mail.outbox[0].body
    assert segnalazione.riferimento in mail.outbox[0].subject


def test_cambiare_solo_lo_stato_non_rispedisce(
    client, staff, segnalazione, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = f"/admin/quartieri/segnalazione/{segnalazione.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"stato": "in_lavorazione", "risposta": "Ci pensiamo noi."})
        client.post(url, {"stato": "risolta", "risposta": "Ci pensiamo noi."})
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("persona", ["community_manager", "cittadino"])
def test_chi_non_e_staff_non_vede_le_segnalazioni(client, request, persona, segnalazione):
    client.force_login(request.getfixturevalue(persona))
    risposta = client.get(f"/admin/quartieri/segnalazione/{segnalazione.pk}/change/")
    assert risposta.status_code == 302
    assert "/admin/login/" in risposta["Location"]


def test_il_servizio_rifiuta_chi_non_e_staff(community_manager, segnalazione):
    with pytest.raises(PermissionDenied):
        rispondi_segnalazione(
            segnalazione=segnalazione, stato="risolta", risposta="No", utente=community_manager
        )
    segnalazione.refresh_from_db()
    assert segnalazione.stato == Segnalazione.Stato.RICEVUTA


def test_staff_non_crea_segnalazioni_dall_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/quartieri/segnalazione/add/").status_code == 403


def test_la_risposta_non_parte_due_volte(segnalazione):
    segnalazione.risposta = "Fatto."
    segnalazione.save()
    assert tasks.invia_risposta_segnalazione(segnalazione.pk) is True
    assert tasks.invia_risposta_segnalazione(segnalazione.pk) is False
    assert len(mail.outbox) == 1


def test_dati_personali_cancellati_un_anno_dopo_la_chiusura(segnalazione):
    segnalazione.foto = _foto()
    segnalazione.stato = Segnalazione.Stato.RISOLTA
    segnalazione.save()
    aperta = Segnalazione.objects.create(
        categoria="sito", oggetto="Link rotto", descrizione="...", email="aperta@esempio.test"
    )
    tra_un_anno = timezone.now() + dt.timedelta(days=366)
    assert cancella_dati_personali_segnalazioni(adesso=tra_un_anno) == 1
    segnalazione.refresh_from_db()
    aperta.refresh_from_db()
    assert (segnalazione.email, segnalazione.foto.name) == ("", "")
    assert segnalazione.oggetto == "Ascensore fermo"
    assert aperta.email == "aperta@esempio.test"


def test_cancellazione_in_programma_ogni_notte(settings):
    voce = settings.CELERY_BEAT_SCHEDULE["quartieri-dati-segnalazioni"]
    assert voce["task"] == tasks.cancella_dati_personali_segnalazioni.name
    assert len(voce["schedule"].hour) == 1
    assert tasks.cancella_dati_personali_segnalazioni.delay().get() == 0


@pytest.mark.celery_worker
def test_il_worker_reale_invia_la_risposta(celery_worker_reale, staff, segnalazione):
    segnalazione.risposta = "Riparato."
    segnalazione.save()
    risultato = tasks.invia_risposta_segnalazione.delay(segnalazione.pk)
    assert risultato.get(timeout=20) is True
    segnalazione.refresh_from_db()
    assert segnalazione.risposta_inviata_il is not None
    assert mail.outbox[-1].to == ["carla@esempio.test"]


# --- Staff write the FAQ in the admin ----------------------------------------


def test_staff_scrive_una_domanda_nell_admin(client, staff):
    gruppo = GruppoFaq.objects.create(nome="Case di Quartiere")
    client.force_login(staff)
    risposta = client.post(
        "/admin/quartieri/faq/add/",
        {
            "gruppo": gruppo.pk,
            "domanda": "Posso portare il cane?",
            "risposta": "Sì, al guinzaglio.",
            "ordine": "1",
            "pubblicata": "on",
        },
    )
    assert risposta.status_code == 302
    client.logout()
    assert "Posso portare il cane?" in client.get("/domande-frequenti/").content.decode()


@pytest.mark.parametrize("persona", ["community_manager", "cittadino"])
def test_chi_non_e_staff_non_scrive_domande(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    risposta = client.get("/admin/quartieri/faq/add/")
    assert risposta.status_code == 302
    assert "/admin/login/" in risposta["Location"]


def test_query_del_modulo_di_segnalazione(client, django_assert_max_num_queries):
    """Expected queries, whatever the number of places: 1. the published places of the select."""
    for _ in range(15):
        crea_luogo()
    with django_assert_max_num_queries(1):
        risposta = client.get("/segnala-disservizio/")
    scelte = re.search(r'<select name="luogo".*?</select>', risposta.content.decode(), re.S)
    assert scelte.group(0).count("<option") == 16
