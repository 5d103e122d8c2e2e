"""Phones are compared by their national digits (antennas/phones.py): numbers stored through
the API as '+33 6…' or '0033 6…' get the key the search and the duplicates look for. The phone
is the last term of search_text (Beneficiary.refresh_search_fields), whose vector follows."""

from django.db import migrations, models

NATIONAL = """
UPDATE beneficiaries_beneficiary SET
    phone_digits = national,
    search_text = left(search_text, length(search_text) - length(phone_digits)) || national
FROM (
    SELECT id, '0' || CASE WHEN phone_digits LIKE '0033%' THEN substr(phone_digits, 5)
                           ELSE substr(phone_digits, 3) END AS national
    FROM beneficiaries_beneficiary
    WHERE (phone_digits LIKE '33%' AND length(phone_digits) = 11)
       OR (phone_digits LIKE '0033%' AND length(phone_digits) = 13)
) AS fixed
WHERE beneficiaries_beneficiary.id = fixed.id
  AND right(search_text, length(phone_digits)) = phone_digits
"""


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0007_import_kinds_and_jobs")]

    operations = [
        migrations.RunSQL(NATIONAL, migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="beneficiary", name="benef_antenna_phone"),
        migrations.AddIndex(
            model_name="beneficiary",
            index=models.Index(
                fields=["antenna", "phone_digits", "id"], name="benef_antenna_phone_id"
            ),
        ),
    ]
