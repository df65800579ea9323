"""File the existing service categories under the modello Comuni's categories, and
let council staff keep FAQ and disservice reports in the admin."""

from django.db import migrations

from portal.ruoli import GRUPPO_STAFF, concedi_permessi_app

# The categories of the demo data set (quartieri/demo_data), by slug. Others keep
# the default until staff file them in the admin.
CATEGORIE_MODELLO = {
    "portierato-sociale": "salute-benessere-e-assistenza",
    "ritiro-pacchi": "imprese-e-commercio",
    "punto-informativo": "salute-benessere-e-assistenza",
    "facilitazione-digitale": "educazione-e-formazione",
    "alfabetizzazione-digitale": "educazione-e-formazione",
    "sportello-antitruffa": "giustizia-e-sicurezza-pubblica",
    "wifi-comunita": "cultura-e-tempo-libero",
    "pasti-sociali": "salute-benessere-e-assistenza",
    "doposcuola": "educazione-e-formazione",
    "orti-urbani": "ambiente",
    "bar-ristoro": "cultura-e-tempo-libero",
    "sale-in-affitto": "cultura-e-tempo-libero",
    "attivita-motorie": "salute-benessere-e-assistenza",
    "biblioteca-scambio-libri": "cultura-e-tempo-libero",
    "giochi-carte-tombola": "cultura-e-tempo-libero",
    "eventi-cultura": "cultura-e-tempo-libero",
    "attivita-bambini-ragazzi": "educazione-e-formazione",
    "sale-e-spazi": "cultura-e-tempo-libero",
    "cittadinanza-attiva": "ambiente",
    "socialita-inclusione": "salute-benessere-e-assistenza",
}


def classifica(apps, schema_editor):
    CategoriaServizio = apps.get_model("quartieri", "CategoriaServizio")
    for slug, categoria_modello in CATEGORIE_MODELLO.items():
        CategoriaServizio.objects.filter(slug=slug).update(categoria_modello=categoria_modello)


def concedi(apps, schema_editor):
    concedi_permessi_app(
        apps,
        schema_editor,
        app_label="quartieri",
        gruppo=GRUPPO_STAFF,
        azioni={"add", "change", "delete", "view"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quartieri", "0009_schede_servizio_faq_segnalazioni"),
        ("portal", "0002_gruppi_ruoli"),
    ]

    operations = [
        migrations.RunPython(classifica, migrations.RunPython.noop),
        migrations.RunPython(concedi, migrations.RunPython.noop),
    ]
