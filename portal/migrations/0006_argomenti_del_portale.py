"""Load the topics of the modello Comuni's vocabulary that the portal's content uses;
council staff may read them in the admin, as every portal table.

The list is frozen here, as it was when written: later topics come from the
admin (superusers) or from a later migration.
"""

from django.db import migrations
from django.utils.text import slugify

from portal.ruoli import GRUPPO_STAFF, PERMESSI_STAFF, concedi_permessi_app

ARGOMENTI = (
    ("Accesso all'informazione", "Sportelli informativi, punti di ascolto, aiuto con i servizi online."),
    ("Assistenza sociale", "Portierato sociale, aiuto a chi è solo o in difficoltà, reti di vicinato."),
    ("Associazioni", "Le associazioni e i gruppi che animano i quartieri."),
    ("Integrazione sociale", "Incontri, lingua italiana, attività che uniscono persone diverse."),
    ("Istruzione", "Doposcuola, corsi, alfabetizzazione digitale."),
    ("Patrimonio culturale", "Storia dei quartieri, letture, biblioteche, cultura."),
    ("Spazio Verde", "Orti, parchi e aree verdi curati insieme."),
    ("Sport", "Ginnastica, camminate, bocce e altre attività sportive."),
    ("Sviluppo sostenibile", "Riuso, riciclo, cura dell'ambiente e della città."),
    ("Tempo libero", "Feste, giochi, ballo, pranzi e cene insieme."),
)


def carica(apps, schema_editor):
    Argomento = apps.get_model("portal", "Argomento")
    for nome, descrizione in ARGOMENTI:
        Argomento.objects.get_or_create(
            slug=slugify(nome), defaults={"nome": nome, "descrizione": descrizione}
        )
    concedi_permessi_app(
        apps, schema_editor, app_label="portal", gruppo=GRUPPO_STAFF, azioni=PERMESSI_STAFF["portal"]
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_argomenti"), ("portal", "0002_gruppi_ruoli")]

    operations = [migrations.RunPython(carica, migrations.RunPython.noop)]
