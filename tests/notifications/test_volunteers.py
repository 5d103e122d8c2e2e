"""Volunteer drivers answer from their phone: availability and reach, the drivers a trip can
go to (free, near enough, nearest first), the offer to several at once, the first to accept
gets the trip, the others and the passenger are told; pages scoped and bounded."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from beneficiaries.models import AuditEvent
from notifications import offers, sms, volunteers
from notifications.models import DriverArea, DriverSlot, Notification, TripOffer
from notifications.sending import deliver
from services.distance import road_km
from services.models import Trip, TusMembership
from services.occupancy import period_of
from tests.factories import commune
from tests.notifications.conftest import paris
from tests.services.factories import BeneficiaryFactory, DriverFactory

pytestmark = pytest.mark.django_db

START, END = paris(2027, 3, 9, 14, 0), paris(2027, 3, 9, 16, 30)  # a Tuesday afternoon
TUESDAY = 1
MORNING_BEFORE = paris(2027, 3, 8, 10, 0)


def volunteer(antenna, first_name, *, home, max_km=20, slots=((TUESDAY, "afternoon"),), **kw):
    driver = DriverFactory(antenna=antenna, first_name=first_name, **kw)
    volunteers.declare(driver=driver, home=commune(home), max_km=max_km, email="", slots=slots)
    return driver


def deliver_all(now=MORNING_BEFORE):
    return [
        deliver(notification_id=pk, now=now)
        for pk in Notification.objects.filter(status="queued").values_list("pk", flat=True)
    ]


@pytest.fixture
def trip(antenna, texter):
    TusMembership.objects.create(antenna=antenna, beneficiary=texter, year=2027, basis="residence")
    return Trip.objects.create(
        antenna=antenna, beneficiary=texter, pickup=commune("67339"), dropoff=commune("67180"),
        period=period_of(START, END), distance_km=Decimal("20.0"),
    )  # fmt: skip


@pytest.fixture
def crew(world, antenna, trip):
    """Two drivers can take the trip; five cannot, each for one reason."""
    anne = volunteer(antenna, "Anne", home="67339", max_km=10, phone="06 11 11 11 11")
    bruno = volunteer(antenna, "Bruno", home="67180", phone="06 22 22 22 22")
    volunteer(antenna, "Claire", home="67046", max_km=5, phone="06 33 33 33 33")  # too far
    volunteer(antenna, "Denis", home="67339", slots=[(TUESDAY, "morning")])  # not free then
    volunteer(antenna, "Inès", home="67339", is_active=False)
    eve = volunteer(antenna, "Eve", home="67339")
    other = BeneficiaryFactory(antenna=antenna)
    Trip.objects.create(
        antenna=antenna,
        beneficiary=other,
        driver=eve,
        pickup=commune("67339"),
        dropoff=commune("67180"),
        period=period_of(paris(2027, 3, 9, 16, 0), END),
        distance_km=20,
        status=Trip.Status.SCHEDULED,
    )  # fmt: skip  (Eve drives someone else then)
    volunteer(world.neighbour, "Nina", home="67339")  # another antenna's
    return anne, bruno


def test_the_drivers_free_then_and_near_enough_nearest_first(trip, crew):
    anne, bruno = crew
    found = list(volunteers.candidates(trip))
    assert [d.first_name for d in found] == ["Anne", "Bruno"]
    # PostgreSQL's distance is the one the TUS quotes with (services.distance.road_km).
    assert found[0].km == Decimal("0.0")
    assert found[1].km == road_km(commune("67180"), commune("67339"), Decimal("1.3"))
    assert Decimal("10") < found[1].km < Decimal("20")


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        ((9, 0), (12, 0), ["morning"]),
        ((11, 30), (12, 30), ["morning", "afternoon"]),
        ((17, 0), (19, 0), ["afternoon", "evening"]),
        ((20, 0), (23, 0), ["evening"]),
    ],
)
def test_parts_of_the_day_a_trip_touches(trip, start, end, parts):
    trip.period = period_of(paris(2027, 3, 9, *start), paris(2027, 3, 9, *end))
    assert volunteers.parts_of(trip) == (TUESDAY, parts)


def test_a_trip_over_two_parts_needs_both_declared(trip, crew):
    anne, bruno = crew
    trip.period = period_of(paris(2027, 3, 9, 11, 0), paris(2027, 3, 9, 13, 0))
    assert list(volunteers.candidates(trip)) == []
    DriverSlot.objects.create(driver=bruno, weekday=TUESDAY, part="morning")
    assert list(volunteers.candidates(trip)) == [bruno]


def test_offer_sent_to_several_by_sms_with_a_signed_link(world, trip, crew):
    anne, bruno = crew
    claire = DriverArea.objects.get(driver__first_name="Claire").driver
    sent = offers.send(trip=trip, driver_ids=[anne.pk, bruno.pk, claire.pk], by=world.staff)
    assert {o.driver for o in sent.offers} == {anne, bruno}  # Claire is too far: not offered
    assert sent.unreachable == []
    assert [o.value for o in deliver_all()] == ["sent", "sent"]
    texts = {m["to"]: m["text"] for m in sms.outbox}
    assert set(texts) == {"+33611111111", "+33622222222"}
    bruno_offer = TripOffer.objects.get(driver=bruno)
    assert offers.url_for(bruno_offer) in texts["+33622222222"]
    assert "Betschdorf vers Haguenau" in texts["+33622222222"]
    assert "mardi 9 mars à 14 h" in texts["+33622222222"] and "Sonia" in texts["+33622222222"]
    with pytest.raises(Exception, match="au moins un"):
        offers.send(trip=trip, driver_ids=[anne.pk], by=world.staff)  # asked already


def test_a_driver_without_a_mobile_gets_the_offer_by_email(world, antenna, trip):
    paul = DriverFactory(antenna=antenna, first_name="Paul", phone="")
    volunteers.declare(
        driver=paul, home=commune("67339"), max_km=15, email="paul@example.org",
        slots=[(TUESDAY, "afternoon")],
    )  # fmt: skip
    offers.send(trip=trip, driver_ids=[paul.pk], by=world.staff)
    deliver_all()
    [message] = mail.outbox
    assert message.to == ["paul@example.org"] and "/tus/" in message.body


def test_a_driver_with_no_channel_is_named_to_the_staff_to_phone(client, world, antenna, trip):
    rose = volunteer(antenna, "Rose", home="67339", phone="")
    client.force_login(world.staff)
    url = reverse("trip_drivers", kwargs={"antenna_slug": "antenne-a", "pk": trip.pk})
    page = client.post(url, {"drivers": [rose.pk]}, follow=True)
    assert "Demande envoyée à 0 conducteur" in page.text
    assert f"à appeler : {rose}" in page.text
    assert TripOffer.objects.get(driver=rose).status == TripOffer.Status.OFFERED


def test_first_to_accept_gets_the_trip_others_and_passenger_are_told(
    client, world, trip, crew, django_capture_on_commit_callbacks
):
    anne, bruno = crew
    offers.send(trip=trip, driver_ids=[anne.pk, bruno.pk], by=world.staff)
    deliver_all()
    sms.outbox.clear()
    mine = TripOffer.objects.get(driver=bruno)
    url = reverse("trip_offer_answer", kwargs={"token": offers.token_for(mine)})
    page = client.get(url)
    assert page.status_code == 200 and "J'accepte ce trajet" in page.text
    assert "Haguenau" in page.text and "Sonia" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"choice": "accept"})
    assert done.status_code == 200 and "le trajet est à vous" in done.text
    trip.refresh_from_db()
    assert trip.status == Trip.Status.SCHEDULED and trip.driver == bruno
    theirs = TripOffer.objects.get(driver=anne)
    assert theirs.status == TripOffer.Status.TAKEN
    deliver_all()
    texts = {m["to"]: m["text"] for m in sms.outbox}
    assert "déjà pris" in texts["+33611111111"]  # Anne
    assert "Bruno viendra vous chercher mardi 9 mars à 14 h" in texts["+33612345678"]  # Sonia
    late = client.post(
        reverse("trip_offer_answer", kwargs={"token": offers.token_for(theirs)}),
        {"choice": "accept"},
    )
    assert late.status_code == 200 and "déjà pris" in late.text
    trip.refresh_from_db()
    assert trip.driver == bruno
    assert AuditEvent.objects.filter(model="Trip", object_id=trip.pk, action="update").exists()


def test_decline_bad_and_expired_links(client, world, trip, crew):
    anne, _ = crew
    [offer] = offers.send(trip=trip, driver_ids=[anne.pk], by=world.staff).offers
    url = reverse("trip_offer_answer", kwargs={"token": offers.token_for(offer)})
    assert client.post(url, {"choice": "maybe"}).status_code == 400
    assert "merci d'avoir répondu" in client.post(url, {"choice": "decline"}).text
    offer.refresh_from_db()
    assert offer.status == TripOffer.Status.DECLINED and offer.answered_at
    assert client.post(url, {"choice": "accept"}).status_code == 409  # answered already
    trip.refresh_from_db()
    assert trip.status == Trip.Status.REQUESTED
    bad = reverse("trip_offer_answer", kwargs={"token": f"{offer.pk}:forged"})
    assert client.get(bad).status_code == 410
    with pytest.raises(offers.LinkError, match="expiré"):
        offers.open_offer(offers.token_for(offer), now=START)


def test_a_trip_settled_by_the_antenna_closes_the_offers(
    client, world, trip, crew, django_capture_on_commit_callbacks
):
    from services import tus

    anne, bruno = crew
    [offer] = offers.send(trip=trip, driver_ids=[anne.pk], by=world.staff).offers
    deliver_all()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tus.accept(trip=trip, driver=bruno)  # settled by phone
    offer.refresh_from_db()
    assert offer.status == TripOffer.Status.TAKEN
    deliver_all()
    assert [m["to"] for m in sms.outbox] == ["+33611111111"]  # Anne: it is taken
    assert "déjà pris" in sms.outbox[0]["text"]
    url = reverse("trip_offer_answer", kwargs={"token": offers.token_for(offer)})
    assert "déjà pris" in client.post(url, {"choice": "accept"}).text
    trip.refresh_from_db()
    assert trip.driver == bruno


def test_a_trip_cancelled_withdraws_the_offers_and_their_messages(
    client, world, trip, crew, django_capture_on_commit_callbacks
):
    from services import tus

    anne, _ = crew
    [offer] = offers.send(trip=trip, driver_ids=[anne.pk], by=world.staff).offers
    with django_capture_on_commit_callbacks(execute=True):
        tus.cancel(trip=trip, reason="La personne est hospitalisée")
    offer.refresh_from_db()
    assert offer.status == TripOffer.Status.WITHDRAWN
    # The offer's SMS still queued is not sent any more: the trip is no longer requested.
    assert {o.value for o in deliver_all()} == {"cancelled"}
    url = reverse("trip_offer_answer", kwargs={"token": offers.token_for(offer)})
    assert "plus à pourvoir" in client.get(url).text


def test_staff_page_lists_sends_and_is_scoped(client, world, trip, crew, django_assert_num_queries):
    anne, bruno = crew
    client.force_login(world.staff)
    url = reverse("trip_drivers", kwargs={"antenna_slug": "antenne-a", "pk": trip.pk})
    client.get(url)  # warm the session and the settings cache
    with django_assert_num_queries(8):
        page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert text.index("Anne") < text.index("Bruno") and "Claire" not in text
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Choisissez au moins" in empty.text
    sent = client.post(url, {"drivers": [anne.pk, bruno.pk]})
    assert sent.status_code == 302
    assert TripOffer.objects.filter(trip=trip).count() == 2
    for name in ("Jean", "Karim", "Lola"):
        volunteer(trip.antenna, name, home="67180")
    with django_assert_num_queries(8):  # five candidates and two offers: the same queries
        page = client.get(url)
    assert page.text.count("proposé") == 2 and "Lola" in page.text
    client.force_login(world.neighbour_manager)
    other = reverse("trip_drivers", kwargs={"antenna_slug": "antenne-b", "pk": trip.pk})
    assert client.get(other).status_code == 404


def test_availability_page_saves_the_grid_and_explains_bad_input(client, world, antenna):
    driver = DriverFactory(antenna=antenna, first_name="Luc")
    client.force_login(world.staff)
    url = reverse("driver_availability", kwargs={"antenna_slug": "antenne-a", "pk": driver.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"home": "67339", "max_km": "250", "slots": ["1:afternoon"]})
    assert bad.status_code == 400 and "100" in bad.text
    assert not DriverArea.objects.filter(driver=driver).exists()
    ok = client.post(url, {"home": "67339", "max_km": "15", "slots": ["1:afternoon", "4:morning"]})
    assert ok.status_code == 302
    assert set(DriverSlot.objects.filter(driver=driver).values_list("weekday", "part")) == {
        (1, "afternoon"),
        (4, "morning"),
    }
    again = client.get(url)
    assert 'value="1:afternoon" checked' in again.text
    client.force_login(world.neighbour_manager)
    other = reverse("driver_availability", kwargs={"antenna_slug": "antenne-b", "pk": driver.pk})
    assert client.get(other).status_code == 404


def test_postgresql_keeps_one_accepted_offer_per_trip(world, trip, crew):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    anne, bruno = crew
    made = offers.send(trip=trip, driver_ids=[anne.pk, bruno.pk], by=world.staff).offers
    TripOffer.objects.filter(pk=made[0].pk).update(status="accepted", answered_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        TripOffer.objects.filter(pk=made[1].pk).update(
            status="accepted", answered_at=timezone.now()
        )


def test_the_driver_ticks_their_week_from_their_own_link(client, world, antenna, trip):
    luc = volunteer(antenna, "Luc", home="67339", max_km=10, phone="06 44 44 44 44", slots=[])
    client.force_login(world.staff)
    staff_url = reverse("driver_availability", kwargs={"antenna_slug": "antenne-a", "pk": luc.pk})
    send = reverse("driver_week_link", kwargs={"antenna_slug": "antenne-a", "pk": luc.pk})
    assert client.post(send).status_code == 302
    assert "Le lien est envoyé" in client.get(staff_url).text
    deliver_all()
    [message] = sms.outbox
    assert message["to"] == "+33644444444" and "/tus/semaine/" in message["text"]
    client.logout()  # the driver has no account
    url = urlsplit(re.search(r"https?://\S+/tus/semaine/\S+/", message["text"]).group(0)).path
    page = client.get(url)
    assert page.status_code == 200 and "Bonjour Luc" in page.text
    assert list(volunteers.candidates(trip)) == []
    bad = client.post(url, {"slots": ["1:afternoon"], "max_km": "0"})
    assert bad.status_code == 400 and not DriverSlot.objects.filter(driver=luc).exists()
    done = client.post(url, {"slots": ["1:afternoon", "6:evening"], "max_km": "12"})
    assert done.status_code == 200 and "vos disponibilités sont enregistrées" in done.text
    assert list(volunteers.candidates(trip)) == [luc]  # Tuesday afternoon: he is asked now
    assert DriverArea.objects.get(driver=luc).max_km == 12
    forged = reverse("driver_week", kwargs={"token": f"{luc.pk}:x:y"})
    assert client.get(forged).status_code == 410


def test_a_week_link_expires_after_thirty_days(antenna):
    import time
    from datetime import timedelta
    from unittest import mock

    luc = DriverFactory(antenna=antenna)
    token = volunteers.week_token(luc)
    assert volunteers.driver_of(token) == luc
    later = time.time() + timedelta(days=31).total_seconds()
    with (
        mock.patch("django.core.signing.time.time", return_value=later),
        pytest.raises(offers.LinkError, match="expiré"),
    ):
        volunteers.driver_of(token)
