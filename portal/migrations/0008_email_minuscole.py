"""E-mail addresses in lower case: the field lower-cases from now on, this brings the old rows.

An address that would collide with another account once lower-cased is left as it
is and named in the output: merging two people's accounts is a decision for staff,
not for a migration. Logins still find it (allauth compares case-insensitively).
"""

from django.db import migrations
from django.db.models.functions import Lower

import portal.models


def in_minuscolo(apps, schema_editor):
    User = apps.get_model("portal", "User")
    da_cambiare = User.objects.exclude(email=Lower("email")).values_list("pk", "email")
    for pk, email in list(da_cambiare):
        minuscolo = email.lower()
        if User.objects.filter(email=minuscolo).exclude(pk=pk).exists():
            print(f"\n  portal.User {pk}: non messo in minuscolo, un altro account lo usa già.")
            continue
        User.objects.filter(pk=pk).update(email=minuscolo)


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_staff_vede_richieste_report")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email",
            field=portal.models.EmailMinuscoleField(
                max_length=254, unique=True, verbose_name="indirizzo e-mail"
            ),
        ),
        migrations.RunPython(in_minuscolo, migrations.RunPython.noop),
    ]
