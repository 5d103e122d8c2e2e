"""TUS reminders carry the signed cancel link (cancelling frees the driver and shows on the
person's timeline); the managers' digest tells deposits held; a trip's printable convocation."""

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from billing import deposits
from notifications import events, links
from notifications.models import Notification
from services.models import Trip
from services.occupancy import period_of
from tests.factories import commune
from tests.services.factories import (
    BeneficiaryFactory,
    BookingFactory,
    DriverFactory,
    VehicleFactory,
    at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(antenna, texter):
    driver = DriverFactory(antenna=antenna, first_name="Michel", phone="07 81 23 45 67")
    return Trip.objects.create(
        antenna=antenna, beneficiary=texter, driver=driver, pickup=commune("67339"),
        dropoff=commune("67180"), period=period_of(at(1, 10), at(1, 12)), distance_km=20,
        contribution=Decimal("6.40"), status=Trip.Status.SCHEDULED,
    )  # fmt: skip


def test_trip_reminder_link_cancels_the_trip_tells_the_driver_and_the_timeline(
    client, world, scheduled, django_capture_on_commit_callbacks
):
    assert events.trip_reminders(at(0, 17)) == 2
    reminder = Notification.objects.get(template="trip_reminder")
    assert links.url_for(reminder) in reminder.text
    own = Notification.objects.get(template="driver_reminder")
    assert own.driver.first_name == "Michel" and "Sonia" in own.text
    url = reverse("notification_answer", kwargs={"token": links.token_for(reminder)})
    page = client.get(url)
    assert page.status_code == 200 and "Betschdorf → Haguenau" in page.text
    assert "Michel" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"choice": "cancelled"})
    assert done.status_code == 200 and "transport solidaire est annulé" in done.text
    scheduled.refresh_from_db()
    assert scheduled.status == Trip.Status.CANCELLED
    assert "lien" in scheduled.cancel_reason
    told = Notification.objects.get(template="trip_called_off")
    assert told.driver_id == scheduled.driver_id and "Sonia a annulé" in told.text
    # The driver's slot is free again: the same driver can take another trip at that time.
    other = Trip.objects.create(
        antenna=scheduled.antenna, beneficiary=BeneficiaryFactory(antenna=scheduled.antenna),
        driver=scheduled.driver, pickup=commune("67339"), dropoff=commune("67180"),
        period=scheduled.period, distance_km=20, status=Trip.Status.SCHEDULED,
    )  # fmt: skip
    assert other.pk
    client.force_login(world.staff)
    record = client.get(
        reverse(
            "beneficiary_detail",
            kwargs={"antenna_slug": "antenne-a", "pk": scheduled.beneficiary_id},
        )
    )
    assert "Annulé par la personne depuis le lien du message" in record.text


def test_digest_tells_deposits_held_even_without_late_returns(world, antenna):
    rental = BookingFactory(
        vehicle=VehicleFactory(antenna=antenna, name="Zoé"),
        beneficiary=BeneficiaryFactory(antenna=antenna, last_name="Caution"),
        period=period_of(at(1, 9), at(2, 9)),
    )  # fmt: skip
    deposits.take_deposit(
        booking=rental,
        amount=Decimal("1250.00"),
        method="cheque",
        reference="Chq 42",
        taken_by=world.staff,
    )
    neighbours = BookingFactory(
        vehicle=VehicleFactory(antenna=world.neighbour),
        beneficiary=BeneficiaryFactory(antenna=world.neighbour),
        period=period_of(at(1, 9), at(2, 9)),
    )  # fmt: skip
    deposits.take_deposit(
        booking=neighbours, amount=Decimal("300.00"), method="cash",
        taken_by=world.neighbour_manager,
    )  # fmt: skip
    assert events.late_returns_digest(at(0, 8)) == 2  # one manager each antenna
    mine = Notification.objects.get(template="late_returns", user=world.manager)
    assert "aucun retour en retard" in mine.text
    assert "1 caution détenue, 1\u00a0250,00\u00a0€ au total" in mine.text
    assert "Zoé : 1\u00a0250,00\u00a0€" in mine.text and "300,00" not in mine.text
    theirs = Notification.objects.get(template="late_returns", user=world.neighbour_manager)
    assert "300,00\u00a0€" in theirs.text and "Zoé" not in theirs.text
    assert events.late_returns_digest(at(0, 9)) == 0  # once a day


def test_digest_sends_nothing_to_an_antenna_with_nothing_to_say(world, antenna):
    assert events.late_returns_digest(at(0, 8)) == 0


def test_trip_convocation_pdf(client, world, scheduled, tmp_path):
    client.force_login(world.staff)
    url = reverse("trip_convocation", kwargs={"antenna_slug": "antenne-a", "pk": scheduled.pk})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Convocation à un transport solidaire" in text
    assert "Betschdorf" in text and "Haguenau" in text and "Michel" in text
    assert "10 h" in text and "6,40 €" in text
    client.force_login(world.neighbour_manager)
    other = reverse("trip_convocation", kwargs={"antenna_slug": "antenne-b", "pk": scheduled.pk})
    assert client.get(other).status_code == 404


def test_no_convocation_for_a_trip_not_scheduled(client, world, scheduled):
    Trip.objects.filter(pk=scheduled.pk).update(status=Trip.Status.REQUESTED, driver=None)
    client.force_login(world.staff)
    url = reverse("trip_convocation", kwargs={"antenna_slug": "antenne-a", "pk": scheduled.pk})
    assert client.get(url).status_code == 302
