"""Council staff may read the report requests in the admin.

0002 granted the portal's view permissions before 0003 created the report
requests' table, so the staff group never had this one (the admin answered 403).
"""

from django.db import migrations

from portal.ruoli import GRUPPO_STAFF, concedi_permessi_app


def concedi_vista(apps, schema_editor):
    concedi_permessi_app(
        apps, schema_editor, app_label="portal", gruppo=GRUPPO_STAFF, azioni={"view"}
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_argomenti_del_portale")]

    operations = [migrations.RunPython(concedi_vista, migrations.RunPython.noop)]
