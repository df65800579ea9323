"""Council staff write and correct the news of the Comune and of the Case in the admin."""

from django.db import migrations

from portal.ruoli import GRUPPO_STAFF, concedi_permessi_app


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
        ("quartieri", "0011_argomenti_novita"),
        ("portal", "0002_gruppi_ruoli"),
    ]

    operations = [migrations.RunPython(concedi, migrations.RunPython.noop)]
