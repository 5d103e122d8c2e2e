import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_builds_without_warnings(tmp_path):
    """Every API route is described: drf-spectacular fails on the first warning."""
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    assert "/api/a/{antenna_slug}/beneficiaires/" in text
    assert "/api/t/{territory_slug}/indicators/figures/" in text


@pytest.mark.django_db
def test_schema_is_for_logged_in_people(client, world):
    assert client.get("/api/schema/").status_code in (401, 403)
    client.force_login(world.staff)
    assert client.get("/api/schema/").status_code == 200
