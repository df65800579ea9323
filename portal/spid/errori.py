"""What the citizen reads when a SPID or CIE sign-in does not succeed."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# Regole tecniche SPID, tabella "Messaggi di anomalia": the codes an identity
# provider sends back to the service provider in StatusMessage ("ErrorCode nr19").
ERRORI_IDP = {
    19: _(
        "Accesso non riuscito: hai sbagliato le credenziali troppe volte. "
        "Riprova più tardi o rivolgiti al tuo gestore di identità."
    ),
    20: _(
        "La tua identità digitale non ha il livello di sicurezza che questo servizio chiede: "
        "attiva presso il tuo gestore la verifica in due passaggi e riprova."
    ),
    21: _("Il tempo per accedere è scaduto: riprova dall'inizio."),
    22: _(
        "Hai negato il consenso a inviare i tuoi dati al portale, quindi non possiamo farti "
        "entrare."
    ),
    23: _("La tua identità digitale è sospesa o revocata: rivolgiti al tuo gestore di identità."),
    25: _("Hai annullato l'accesso."),
}

# Failures found by the portal itself, in the answer of the identity provider.
NON_VALIDA = _(
    "La risposta del gestore di identità non è valida o è stata alterata: "
    "non ti abbiamo fatto entrare. Riprova."
)
SCADUTA = _("La risposta del gestore di identità è scaduta: riprova dall'inizio.")
GIA_USATA = _(
    "Questa risposta del gestore di identità è già stata usata: "
    "per sicurezza non vale una seconda volta. Riprova dall'inizio."
)
NON_DISPONIBILE = _("Accesso con SPID/CIE momentaneamente non disponibile, riprova tra poco.")
LIVELLO_INSUFFICIENTE = _(
    "Il gestore di identità ha confermato un livello di sicurezza più basso di quello "
    "richiesto: riprova usando la verifica in due passaggi."
)
ATTRIBUTI_MANCANTI = _(
    "Il gestore di identità non ci ha inviato il codice fiscale, il nome o il cognome: "
    "senza questi dati non possiamo farti entrare."
)
RICHIESTA_ASSENTE = _(
    "Non troviamo la tua richiesta di accesso (forse è passato troppo tempo o hai aperto "
    "un'altra scheda): riprova dall'inizio."
)
GENERICO = _("Accesso con identità digitale non riuscito: riprova o usa un altro gestore.")


def messaggio_idp(status_message: str) -> str:
    """The Italian message for an identity provider's StatusMessage."""
    trovato = re.search(r"ErrorCode nr ?(\d+)", status_message or "")
    if trovato:
        return str(ERRORI_IDP.get(int(trovato.group(1)), GENERICO))
    return str(GENERICO)
