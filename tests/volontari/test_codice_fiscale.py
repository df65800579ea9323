from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from volontari.models.profilo import valida_codice_fiscale_e_nascita


@pytest.mark.parametrize(
    ("codice", "nascita"),
    [
        ("RCCMNL83S18D969H", dt.date(1983, 11, 18)),  # man
        ("CNTCHR83T41D969D", dt.date(1983, 12, 1)),  # woman: day + 40
    ],
)
def test_codici_validi_e_coerenti_con_la_nascita(codice, nascita):
    valida_codice_fiscale_e_nascita(codice, nascita)


def test_codice_con_omocodia_accettato():
    from stdnum.it import codicefiscale

    # Omocodia: the last digit of the place code (9 -> V), check character recomputed.
    base = "RCCMNL83S18D96V"
    codice = base + codicefiscale.calc_check_digit(base)
    valida_codice_fiscale_e_nascita(codice, dt.date(1983, 11, 18))


def test_carattere_di_controllo_sbagliato_rifiutato():
    with pytest.raises(ValidationError) as errore:
        valida_codice_fiscale_e_nascita("RCCMNL83S18D969A", dt.date(1983, 11, 18))
    assert "carattere finale" in errore.value.messages[0]


def test_formato_sbagliato_rifiutato():
    with pytest.raises(ValidationError):
        valida_codice_fiscale_e_nascita("RCCMNL83S18", dt.date(1983, 11, 18))


def test_data_di_nascita_incoerente_rifiutata_senza_ripetere_il_codice():
    with pytest.raises(ValidationError) as errore:
        valida_codice_fiscale_e_nascita("RCCMNL83S18D969H", dt.date(1983, 11, 19))
    messaggio = errore.value.messages[0]
    assert "non corrisponde alla data di nascita" in messaggio
    assert "RCCMNL83S18D969H" not in messaggio


def test_codice_fiscale_di_una_donna_con_data_da_uomo_rifiutato():
    with pytest.raises(ValidationError):
        valida_codice_fiscale_e_nascita("CNTCHR83T41D969D", dt.date(1983, 12, 41 - 40 + 1))
