from django.db import migrations

# A recomputation of a round's results updates its rows in place (an upsert, see
# lap.services.rounds.compute_results). With room left in each page, PostgreSQL makes those
# heap-only (HOT) updates: no new index entries, and the old versions are pruned as the page is
# next written, so the table does not bloat between two autovacuums. SQLite has no such setting.


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("lap", "ActionResult")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = 45)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("lap", "ActionResult")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("lap", "0006_rounds"),
    ]

    operations = [
        migrations.RunPython(set_fillfactor, reset_fillfactor),
    ]
