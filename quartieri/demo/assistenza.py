"""Demo frequently asked questions, grouped as staff would group them.

A question is created only when its group has none with the same text, so a
second load changes nothing and staff's own edits of a demo answer stay.
"""

from __future__ import annotations

from typing import IO

from django.db import transaction

from portal.demo import riga_riepilogo
from quartieri.models import Faq, GruppoFaq

FAQ_DEMO: dict[str, list[tuple[str, str]]] = {
    "Case di Quartiere": [
        (
            "Che cos'è una Casa di Quartiere?",
            "È uno spazio pubblico del Comune gestito insieme alle associazioni e ai cittadini "
            "del quartiere: ospita servizi di prossimità, attività e progetti aperti a tutti.",
        ),
        (
            "Serve una tessera per entrare?",
            "No, per entrare e usare i servizi non serve. Alcune Case chiedono una tessera "
            "associativa per partecipare a certe attività: lo trovi nella pagina della Casa.",
        ),
        (
            "Posso usare una sala per una riunione o una festa?",
            "Sì, molte Case hanno sale disponibili per gruppi, associazioni e privati. "
            "Cerca il servizio «Sale in affitto» o «Sale e spazi» e contatta la Casa.",
        ),
    ],
    "Servizi e attività": [
        (
            "Come mi iscrivo a un'attività?",
            "Apri la pagina dell'attività, scegli la data e premi «Iscriviti». Serve un account: "
            "ti arriverà una e-mail di conferma, e un promemoria il giorno prima.",
        ),
        (
            "Chi mi aiuta ad attivare SPID?",
            "I punti di facilitazione digitale delle Case di Quartiere: cerca il servizio "
            "«Facilitazione digitale» e porta un documento d'identità e la tessera sanitaria.",
        ),
    ],
    "Volontariato": [
        (
            "Come divento volontario?",
            "Scegli un'opportunità di volontariato, invia la tua candidatura e attendi la "
            "risposta del tutor della Casa. Le ore svolte compaiono nella tua area personale.",
        ),
    ],
}


@transaction.atomic
def carica(stdout: IO[str]) -> None:
    """Create the demo FAQ still missing."""
    nuove = presenti = 0
    for ordine_gruppo, (nome, domande) in enumerate(FAQ_DEMO.items(), start=1):
        gruppo, _ = GruppoFaq.objects.get_or_create(nome=nome, defaults={"ordine": ordine_gruppo})
        for ordine, (domanda, risposta) in enumerate(domande, start=1):
            _faq, creata = Faq.objects.get_or_create(
                gruppo=gruppo, domanda=domanda, defaults={"risposta": risposta, "ordine": ordine}
            )
            nuove += creata
            presenti += not creata
    stdout.write(riga_riepilogo("Domande frequenti", nuovi=nuove, presenti=presenti))
