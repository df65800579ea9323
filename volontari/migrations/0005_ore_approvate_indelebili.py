"""The database guard on approved ledger entries, extended: no DELETE, no new decider.

0003 kept an approved entry's enrolment, day, hours and state. An approved entry
could still be deleted and inserted again with other hours, and who approved it
and when could be rewritten. Now the database also refuses:

- deleting an approved entry (corrections are new entries, never deletions);
- changing `approvata_il`, or `approvata_da`, `inserita_da`, `resoconto` to
  another row. These three may still become NULL: their foreign keys are
  SET_NULL, so erasing an account or a log must not be blocked by the ledger;
- moving an enrolment with approved hours to another volunteer or opportunity
  (the hours would change hands without changing a row of the ledger).
"""

from django.db import migrations

MESSAGGIO = "Le ore approvate non si modificano e non si cancellano: registra una correzione."

SQLITE_CREA = [
    "DROP TRIGGER IF EXISTS volontari_ore_approvate_immutabili;",
    f"""
CREATE TRIGGER volontari_ore_approvate_immutabili
BEFORE UPDATE ON volontari_orevolontariato
WHEN OLD.stato = 'approvata' AND (
    NEW.stato IS NOT OLD.stato OR NEW.ore IS NOT OLD.ore OR NEW.data IS NOT OLD.data
    OR NEW.incarico_id IS NOT OLD.incarico_id OR NEW.corregge_id IS NOT OLD.corregge_id
    OR NEW.approvata_il IS NOT OLD.approvata_il
    OR (NEW.approvata_da_id IS NOT NULL AND NEW.approvata_da_id IS NOT OLD.approvata_da_id)
    OR (NEW.inserita_da_id IS NOT NULL AND NEW.inserita_da_id IS NOT OLD.inserita_da_id)
    OR (NEW.resoconto_id IS NOT NULL AND NEW.resoconto_id IS NOT OLD.resoconto_id)
)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGGIO}');
END;
""",
    f"""
CREATE TRIGGER volontari_ore_approvate_indelebili
BEFORE DELETE ON volontari_orevolontariato
WHEN OLD.stato = 'approvata'
BEGIN
    SELECT RAISE(ABORT, '{MESSAGGIO}');
END;
""",
]
SQLITE_CREA.append(
    f"""
CREATE TRIGGER volontari_incarico_con_ore_approvate
BEFORE UPDATE OF volontario_id, opportunita_id ON volontari_incarico
WHEN (NEW.volontario_id IS NOT OLD.volontario_id OR NEW.opportunita_id IS NOT OLD.opportunita_id)
    AND EXISTS (
        SELECT 1 FROM volontari_orevolontariato
        WHERE incarico_id = OLD.id AND stato = 'approvata'
    )
BEGIN
    SELECT RAISE(ABORT, '{MESSAGGIO}');
END;
"""
)
SQLITE_ELIMINA = [
    "DROP TRIGGER IF EXISTS volontari_incarico_con_ore_approvate;",
    "DROP TRIGGER IF EXISTS volontari_ore_approvate_indelebili;",
    "DROP TRIGGER IF EXISTS volontari_ore_approvate_immutabili;",
    """
CREATE TRIGGER volontari_ore_approvate_immutabili
BEFORE UPDATE ON volontari_orevolontariato
WHEN OLD.stato = 'approvata' AND (
    NEW.stato IS NOT OLD.stato OR NEW.ore IS NOT OLD.ore OR NEW.data IS NOT OLD.data
    OR NEW.incarico_id IS NOT OLD.incarico_id OR NEW.corregge_id IS NOT OLD.corregge_id
)
BEGIN
    SELECT RAISE(ABORT, 'Le ore approvate non si modificano: registra una correzione.');
END;
""",
]

# CREATE OR REPLACE keeps 0003's trigger and swaps the function it runs. TRUNCATE
# (how Django's test runner empties PostgreSQL tables) fires no row trigger.
POSTGRES_CREA = f"""
CREATE OR REPLACE FUNCTION volontari_ore_approvate_immutabili() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.stato = 'approvata' THEN
            RAISE EXCEPTION '{MESSAGGIO}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.stato = 'approvata' AND (
        NEW.stato IS DISTINCT FROM OLD.stato OR NEW.ore IS DISTINCT FROM OLD.ore
        OR NEW.data IS DISTINCT FROM OLD.data OR NEW.incarico_id IS DISTINCT FROM OLD.incarico_id
        OR NEW.corregge_id IS DISTINCT FROM OLD.corregge_id
        OR NEW.approvata_il IS DISTINCT FROM OLD.approvata_il
        OR (NEW.approvata_da_id IS NOT NULL
            AND NEW.approvata_da_id IS DISTINCT FROM OLD.approvata_da_id)
        OR (NEW.inserita_da_id IS NOT NULL
            AND NEW.inserita_da_id IS DISTINCT FROM OLD.inserita_da_id)
        OR (NEW.resoconto_id IS NOT NULL
            AND NEW.resoconto_id IS DISTINCT FROM OLD.resoconto_id)
    ) THEN
        RAISE EXCEPTION '{MESSAGGIO}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER volontari_ore_approvate_indelebili
BEFORE DELETE ON volontari_orevolontariato
FOR EACH ROW EXECUTE FUNCTION volontari_ore_approvate_immutabili();

CREATE FUNCTION volontari_incarico_con_ore_approvate() RETURNS trigger AS $$
BEGIN
    IF (NEW.volontario_id IS DISTINCT FROM OLD.volontario_id
        OR NEW.opportunita_id IS DISTINCT FROM OLD.opportunita_id)
       AND EXISTS (
           SELECT 1 FROM volontari_orevolontariato
           WHERE incarico_id = OLD.id AND stato = 'approvata'
       ) THEN
        RAISE EXCEPTION '{MESSAGGIO}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER volontari_incarico_con_ore_approvate
BEFORE UPDATE ON volontari_incarico
FOR EACH ROW EXECUTE FUNCTION volontari_incarico_con_ore_approvate();
"""
POSTGRES_ELIMINA = """
DROP TRIGGER IF EXISTS volontari_incarico_con_ore_approvate ON volontari_incarico;
DROP FUNCTION IF EXISTS volontari_incarico_con_ore_approvate();
DROP TRIGGER IF EXISTS volontari_ore_approvate_indelebili ON volontari_orevolontariato;
CREATE OR REPLACE FUNCTION volontari_ore_approvate_immutabili() RETURNS trigger AS $$
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
"""


def crea(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREA)
    elif vendor == "sqlite":
        for istruzione in SQLITE_CREA:
            schema_editor.execute(istruzione)


def elimina(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_ELIMINA)
    elif vendor == "sqlite":
        for istruzione in SQLITE_ELIMINA:
            schema_editor.execute(istruzione)


class Migration(migrations.Migration):
    dependencies = [("volontari", "0004_slug_riservati")]

    operations = [migrations.RunPython(crea, elimina)]
