from accordi.models.accordi import (
    TRANSIZIONI,
    Accordo,
    Firmatario,
    IncontroLaboratorio,
    StatoAccordo,
    StatoSecondoLeDate,
    Tema,
    TransizioneAccordo,
)
from accordi.models.progetti import (
    AggiornamentoProgetto,
    Indicatore,
    Progetto,
    ValoreIndicatore,
)
from accordi.models.registro import (
    IscrizioneRegistro,
    ente_nel_registro_del_firmatario,
    enti_nel_registro,
)

__all__ = [
    "TRANSIZIONI",
    "Accordo",
    "AggiornamentoProgetto",
    "Firmatario",
    "IncontroLaboratorio",
    "Indicatore",
    "IscrizioneRegistro",
    "Progetto",
    "StatoAccordo",
    "StatoSecondoLeDate",
    "Tema",
    "TransizioneAccordo",
    "ValoreIndicatore",
    "ente_nel_registro_del_firmatario",
    "enti_nel_registro",
]
