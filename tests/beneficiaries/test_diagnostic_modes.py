"""The diagnostic asks how the person travels today and would travel without the service: the
reference is required ("Inconnu" allowed), never preselected, and shown on the page, the PDF and
the journey."""

import pytest

from beneficiaries.models import Diagnostic
from tests.beneficiaries.test_journey import DIAGNOSTIC, pdf_text

pytestmark = pytest.mark.django_db


def test_the_reference_mode_is_asked_never_assumed(client, world, person, url):
    client.force_login(world.staff)
    page = client.get(url("diagnostic_create", pk=person.pk)).content.decode()
    field = page[page.index('name="reference_mode"') :]
    field = field[: field.index("</select>")]
    assert "selected" not in field.split("</option>", 1)[1]  # only the empty choice is chosen
    assert "Inconnu" in field and "Voiture thermique (conducteur seul)" in field
    response = client.post(
        url("diagnostic_create", pk=person.pk), {**DIAGNOSTIC, "reference_mode": ""}
    )
    body = response.content.decode()
    assert "Indiquez comment la personne se déplacerait sans le service (ou « Inconnu »)." in body
    assert "Chantier à Haguenau" in body and not Diagnostic.objects.exists()


def test_unknown_is_an_answer_shown_on_the_page_pdf_and_journey(
    client, world, person, url, tmp_path
):
    client.force_login(world.staff)
    data = {**DIAGNOSTIC, "current_mode": "walk", "reference_mode": "unknown"}
    response = client.post(url("diagnostic_create", pk=person.pk), data)
    assert response.status_code == 302
    diagnostic = Diagnostic.objects.get()
    assert (diagnostic.current_mode, diagnostic.reference_mode) == ("walk", "unknown")
    page = client.get(url("diagnostic_detail", pk=diagnostic.pk)).content.decode()
    assert "Mode sans le service</th><td>Inconnu" in page
    assert "Mode de déplacement actuel</th><td>Marche" in page
    text = " ".join(
        pdf_text(client.get(url("diagnostic_pdf", pk=diagnostic.pk)).content, tmp_path).split()
    )
    assert "Mode de déplacement actuel Marche" in text and "Mode sans le service Inconnu" in text
    journey = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    assert "se déplace en : Marche ; sans le service : Inconnu" in journey
