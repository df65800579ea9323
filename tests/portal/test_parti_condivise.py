"""Parts of pages shared by every process (portal/parti_condivise.py) outlive a deploy:
a release never reads what the one before rendered."""

from __future__ import annotations

import pytest

from portal import parti_condivise


@pytest.fixture
def rilascio(tmp_path, settings):
    """A source tree of its own: a release whose template the test can change."""
    modello = tmp_path / "templates" / "parte.html"
    modello.parent.mkdir()
    modello.write_text("<p>prima</p>")
    settings.BASE_DIR = tmp_path
    parti_condivise._rilascio.cache_clear()
    yield modello
    parti_condivise._rilascio.cache_clear()


def test_un_rilascio_nuovo_non_legge_le_parti_del_precedente(rilascio):
    parti_condivise.scrivi("pagina", "versione-1", parti="<p>prima</p>")
    assert parti_condivise.leggi("pagina", "versione-1")["parti"] == "<p>prima</p>"
    assert parti_condivise.da_rifare({"pagina": "versione-1"}) == set()
    # The deploy: a changed template, and processes that start again.
    rilascio.write_text("<p>dopo</p>")
    parti_condivise._rilascio.cache_clear()
    assert parti_condivise.leggi("pagina", "versione-1") is None
    assert parti_condivise.da_rifare({"pagina": "versione-1"}) == {"pagina"}


def test_un_altra_impronta_non_legge_la_voce(rilascio):
    parti_condivise.scrivi("pagina", "versione-1", parti="<p>prima</p>")
    assert parti_condivise.leggi("pagina", "versione-2") is None
    assert parti_condivise.da_rifare({"pagina": "versione-2", "altra": "versione-1"}) == {
        "pagina",
        "altra",
    }
