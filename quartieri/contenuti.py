"""quartieri's kinds of content in the site search and the topic pages (portal.contenuti)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from portal.contenuti import TipoContenuto, registra_contenuto

PAROLE_SOMMARIO = 30


def _breve(testo: str) -> str:
    return Truncator(testo).words(PAROLE_SOMMARIO)


def _luoghi():
    from quartieri.models import Luogo

    return Luogo.objects.pubblicati().select_related("quartiere").order_by("nome", "pk")


def _servizi():
    from quartieri.models import Servizio

    return (
        Servizio.objects.pubblicati().select_related("luogo", "categoria").order_by("titolo", "pk")
    )


def _attivita():
    from quartieri.models import Attivita, Occorrenza

    # An activity is shown by one of its dates: the next one, else the last one held.
    date = Occorrenza.objects.filter(attivita=OuterRef("pk"))
    prossima = date.filter(fine__gte=timezone.now()).order_by("inizio").values("pk")[:1]
    ultima = date.order_by("-inizio").values("pk")[:1]
    return (
        Attivita.objects.pubbliche()
        .select_related("luogo")
        .annotate(data_da_mostrare=Coalesce(Subquery(prossima), Subquery(ultima)))
        .filter(data_da_mostrare__isnull=False)
        .order_by("-inizio", "pk")
    )


def _novita():
    from quartieri.models import Novita

    return Novita.objects.pubblicate().select_related("luogo")


def _faq():
    from quartieri.models import Faq

    return Faq.objects.pubblicate().order_by("domanda", "pk")


def registra() -> None:
    registra_contenuto(
        TipoContenuto(
            chiave="luoghi",
            titolo=_("Case di Quartiere e luoghi"),
            pubblici=_luoghi,
            campi_testo=("nome", "descrizione", "indirizzo", "quartiere__nome"),
            sommario=lambda luogo: f"{luogo.quartiere} · {_breve(luogo.descrizione)}",
        )
    )
    registra_contenuto(
        TipoContenuto(
            chiave="servizi",
            titolo=_("Servizi di prossimità"),
            pubblici=_servizi,
            campi_testo=("titolo", "descrizione", "categoria__nome"),
            sommario=lambda servizio: f"{servizio.luogo} · {_breve(servizio.descrizione)}",
        )
    )
    registra_contenuto(
        TipoContenuto(
            chiave="attivita",
            titolo=_("Attività"),
            pubblici=_attivita,
            campi_testo=("titolo", "descrizione"),
            url=lambda attivita: reverse(
                "quartieri:attivita_dettaglio", kwargs={"pk": attivita.data_da_mostrare}
            ),
            sommario=lambda attivita: f"{attivita.luogo} · {_breve(attivita.descrizione)}",
        )
    )
    registra_contenuto(
        TipoContenuto(
            chiave="novita",
            titolo=_("Novità"),
            pubblici=_novita,
            campi_testo=("titolo", "sommario", "testo"),
            sommario=lambda novita: novita.sommario,
        )
    )
    registra_contenuto(
        TipoContenuto(
            chiave="faq",
            titolo=_("Domande frequenti"),
            pubblici=_faq,
            campi_testo=("domanda", "risposta"),
            campo_argomenti="",
            url=lambda faq: f"{reverse('quartieri:faq')}#faq-{faq.pk}",
            sommario=lambda faq: _breve(faq.risposta),
        )
    )
