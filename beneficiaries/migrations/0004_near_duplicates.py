from django.conf import settings
from django.db import migrations, models

NON_ASCII = r"[^\x01-\x7f]"


def refold(apps, schema_editor):
    """Names and communes in other scripts were kept unfolded (and dropped by the search): fold
    them with the new normalisation, which spells every script in Latin letters."""
    from antennas.text import digits, normalise

    Beneficiary = apps.get_model("beneficiaries", "Beneficiary")
    Commune = apps.get_model("antennas", "Commune")
    for commune in Commune.objects.filter(name__regex=NON_ASCII):
        commune.search_name = normalise(commune.name)
        commune.save(update_fields=["search_name"])
    people = Beneficiary.objects.filter(
        models.Q(last_name__regex=NON_ASCII) | models.Q(first_name__regex=NON_ASCII)
    ).select_related("commune")
    for person in people.iterator():
        person.name_key = normalise(f"{person.last_name} {person.first_name}")
        commune = normalise(person.commune.name) if person.commune_id else ""
        person.search_text = " ".join(
            filter(None, [person.name_key, commune, digits(person.phone)])
        )
        person.save(update_fields=["name_key", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("antennas", "0002_load_communes"),
        ("beneficiaries", "0003_reference_modes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="beneficiary",
            index=models.Index(fields=["antenna", "birth_date"], name="benef_antenna_birth"),
        ),
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
