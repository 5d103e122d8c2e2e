from django.db import migrations


def load(apps, schema_editor):
    from antennas.communes import load_communes

    load_communes(apps.get_model("antennas", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("antennas", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
