"""A database guard: an approved ledger entry keeps its enrolment, day, hours and state.

Services and the admin already refuse; the trigger also stops a raw UPDATE
or a future bug. The people who decided (`approvata_da`, `inserita_da`) may
still become NULL when an account is erased.
"""

from django.db import migrations

SQLITE_CREA = """
CREATE TRIGGER volontari_ore_approvate_immutabili
BEFORE UPDATE ON volontari_orevolontariato
WHEN OLD.stato = 'approvata' AND (
    NEW.stato IS NOT OLD.stato OR NEW.ore IS NOT OLD.ore OR NEW.data IS NOT OLD.data
    OR NEW.incarico_id IS NOT OLD.incarico_id OR NEW.corregge_id IS NOT OLD.corregge_id
)
BEGIN
    SELECT RAISE(ABORT, 'Le ore approvate non si modificano: registra una correzione.');
END;
"""
SQLITE_ELIMINA = "DROP TRIGGER IF EXISTS volontari_ore_approvate_immutabili;"

POSTGRES_CREA = """
CREATE FUNCTION volontari_ore_approvate_immutabili() RETURNS trigger AS $$
BEGIN
    IF OLD.stato = 'approvata' AND (
        NEW.stato IS DISTINCT FROM OLD.stato OR NEW.ore IS DISTINCT FROM OLD.ore
        OR NEW.data IS DISTINCT FROM OLD.data OR NEW.incarico_id IS DISTINCT FROM OLD.incarico_id
        OR NEW.corregge_id IS DISTINCT FROM OLD.corregge_id
    ) THEN
        RAISE EXCEPTION 'Le ore approvate non si modificano: registra una correzione.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER volontari_ore_approvate_immutabili
BEFORE UPDATE ON volontari_orevolontariato
FOR EACH ROW EXECUTE FUNCTION volontari_ore_approvate_immutabili();
"""
POSTGRES_ELIMINA = """
DROP TRIGGER IF EXISTS volontari_ore_approvate_immutabili ON volontari_orevolontariato;
DROP FUNCTION IF EXISTS volontari_ore_approvate_immutabili();
"""


def crea(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREA)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREA)


def elimina(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_ELIMINA)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_ELIMINA)


class Migration(migrations.Migration):
    dependencies = [("volontari", "0002_permessi_staff")]

    operations = [migrations.RunPython(crea, elimina)]
