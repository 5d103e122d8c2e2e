"""An antenna's dated statuses: recorded by its manager (audited), kept in the antenna's status by
PostgreSQL, and read by past years' figures as they were then; TUS drivers of the report's year."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.utils import timezone

from antennas.models import Antenna, AntennaStatusChange
from beneficiaries.models import AuditEvent
from indicators.figures import compute
from indicators.tus import tus_figures
from services.models import Driver
from tests.indicators.factories import DriverFactory

pytestmark = pytest.mark.django_db


def _post(client, user, **data):
    client.force_login(user)
    return client.post("/a/antenne-a/statut/", data)


def test_the_manager_records_a_closure_and_past_years_keep_the_antenna_open(client, world):
    Antenna.objects.filter(pk=world.antenna.pk).update(opened_on=date(2022, 3, 1))
    response = _post(client, world.manager, status="closed", changed_on="2024-06-30", note="Fin")
    assert response.status_code == 302

    antenna = Antenna.objects.get(pk=world.antenna.pk)
    assert antenna.status == "closed"
    assert antenna.opened_on == date(2022, 3, 1)  # the opening stays in the history
    assert list(antenna.status_changes.values_list("status", "changed_on")) == [
        ("closed", date(2024, 6, 30)),
        ("operating", date(2022, 3, 1)),
    ]
    change = antenna.status_changes.get(status="closed")
    assert change.recorded_by == world.manager
    assert AuditEvent.objects.filter(
        antenna=antenna, model="AntennaStatusChange", object_id=change.pk, action="create"
    ).exists()

    # Antenne A is rural: open at the end of 2023, closed at the end of 2024; B is urban.
    rural = {y: compute(year=y, territory=world.territory).series[y]["rural_antennas"].value
             for y in (2021, 2023, 2024)}  # fmt: skip
    assert rural == {2021: 0, 2023: 1, 2024: 0}
    figures = compute(year=2023, territory=world.territory)
    assert [a.status_then_display() for a in figures.antennas if a.pk == antenna.pk] == [
        "en fonctionnement"
    ]

    page = client.get("/a/antenne-a/statut/")
    assert "30 juin 2024" in page.content.decode()
    assert "fermée" in page.content.decode()


def test_a_date_in_the_future_or_twice_the_same_day_is_refused_next_to_the_field(client, world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post(client, world.manager, status="closed", changed_on=tomorrow.isoformat())
    assert response.status_code == 200
    assert "pas à l&#x27;avance" in response.content.decode()
    _post(client, world.manager, status="experimenting", changed_on="2023-01-02")
    response = _post(client, world.manager, status="operating", changed_on="2023-01-02")
    assert "existe déjà à cette date" in response.content.decode()
    assert AntennaStatusChange.objects.filter(antenna=world.antenna).count() == 1


def test_only_the_antennas_manager_reaches_the_page(client, world):
    client.force_login(world.staff)
    assert client.get("/a/antenne-a/statut/").status_code in (403, 404)
    client.force_login(world.neighbour_manager)
    assert client.get("/a/antenne-a/statut/").status_code in (403, 404)
    response = client.post("/a/antenne-a/statut/", {"status": "closed", "changed_on": "2024-01-01"})
    assert response.status_code in (403, 404)
    assert not AntennaStatusChange.objects.exists()


def test_postgresql_keeps_the_status_on_the_latest_change_and_refuses_a_direct_write(world):
    antenna = world.antenna
    for status, day in [("experimenting", date(2022, 1, 3)), ("operating", date(2023, 9, 1))]:
        AntennaStatusChange.objects.create(antenna=antenna, status=status, changed_on=day)
    antenna.refresh_from_db()
    assert (antenna.status, antenna.opened_on) == ("operating", date(2022, 1, 3))
    with pytest.raises((IntegrityError, InternalError, ProgrammingError)), transaction.atomic():
        Antenna.objects.filter(pk=antenna.pk).update(status="closed")
    AntennaStatusChange.objects.filter(antenna=antenna, status="operating").delete()
    antenna.refresh_from_db()
    assert antenna.status == "experimenting"


def test_tus_drivers_are_those_of_the_reports_year(world):
    antenna = world.antenna
    DriverFactory(antenna=antenna)  # since 2021, still driving
    legacy = DriverFactory(antenna=antenna)
    Driver.objects.filter(pk=legacy.pk).update(joined_on=None)  # added before dates were kept
    gone = DriverFactory(antenna=antenna)
    gone.is_active = False
    gone.save()  # leaves today: still on the roster of 2025
    DriverFactory(antenna=antenna, is_active=False, left_on=date(2024, 12, 31))
    DriverFactory(antenna=antenna, joined_on=date(2026, 1, 5))
    assert Driver.objects.get(pk=gone.pk).left_on == timezone.localdate()
    assert tus_figures(antenna=antenna, year=2025)["drivers"]["roster"] == 3
    assert tus_figures(antenna=antenna, year=2024)["drivers"]["roster"] == 4


def test_the_admin_adds_a_dated_change_audited_and_cannot_edit_the_status(client, world):
    from tests.antennas.admin_login import log_in, platform_admin

    admin_user, secret = platform_admin()
    log_in(client, admin_user, secret)
    antenna = world.antenna
    url = f"/admin/antennas/antenna/{antenna.pk}/change/"
    assert 'name="status"' not in client.get(url).content.decode()  # read-only once created
    response = client.post(
        url,
        {
            "territory": antenna.territory_id,
            "name": antenna.name,
            "slug": antenna.slug,
            "commune": antenna.commune_id,
            "address": "",
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "0",
            "status_changes-MIN_NUM_FORMS": "0",
            "status_changes-MAX_NUM_FORMS": "1000",
            "status_changes-0-status": "experimenting",
            "status_changes-0-changed_on": "2023-04-03",
            "status_changes-0-note": "Ouverture à l'essai",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = AntennaStatusChange.objects.get(antenna=antenna)
    assert (change.status, change.recorded_by) == ("experimenting", admin_user)
    assert Antenna.objects.get(pk=antenna.pk).opened_on == date(2023, 4, 3)
    assert AuditEvent.objects.filter(model="AntennaStatusChange", object_id=change.pk).exists()


def test_a_driver_leaves_on_the_projects_day_whatever_the_sessions_time_zone(world):
    # A session 13 hours away from Paris is on another day than Paris at this hour, as UTC is
    # from midnight to 1 or 2 a.m.: the date PostgreSQL writes must be Paris's all the same.
    paris = timezone.localtime()
    away = "Pacific/Kiritimati" if paris.hour >= 12 else "Etc/GMT+12"
    driver = DriverFactory(antenna=world.antenna)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE %s", [away])
        cursor.execute("SELECT current_date")
        assert cursor.fetchone()[0] != paris.date()  # the session is on another day
    joined = DriverFactory(antenna=world.antenna, joined_on=None)
    driver.is_active = False
    driver.save()
    assert Driver.objects.get(pk=driver.pk).left_on == paris.date()
    assert Driver.objects.get(pk=joined.pk).joined_on == paris.date()
