"""Create the portal's role groups; council staff may read the page ratings."""

from django.db import migrations

from portal.ruoli import GRUPPI, GRUPPO_STAFF, concedi_permessi_app


def crea_gruppi(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for nome in GRUPPI:
        Group.objects.get_or_create(name=nome)
    concedi_permessi_app(
        apps, schema_editor, app_label="portal", gruppo=GRUPPO_STAFF, azioni={"view"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(crea_gruppi, migrations.RunPython.noop)]
