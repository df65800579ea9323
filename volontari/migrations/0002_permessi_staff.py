"""Council staff keep opportunities, policies, volunteers and the ledger in the admin."""

from django.db import migrations

from portal.ruoli import GRUPPO_STAFF, concedi_permessi_app


def concedi(apps, schema_editor):
    concedi_permessi_app(
        apps,
        schema_editor,
        app_label="volontari",
        gruppo=GRUPPO_STAFF,
        azioni={"add", "change", "delete", "view"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("volontari", "0001_initial"),
        ("portal", "0002_gruppi_ruoli"),
    ]

    operations = [migrations.RunPython(concedi, migrations.RunPython.noop)]
