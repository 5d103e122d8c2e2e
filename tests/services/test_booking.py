from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from beneficiaries.models import Referral
from services import booking
from services.availability import free_vehicles, period_of
from services.catalogue import Mode, ServiceKind
from services.models import Booking, PriceRule, ServiceSettings, ServiceUse, Vehicle
from tests.services.factories import BookingFactory, VehicleFactory, at

pytestmark = pytest.mark.django_db


def test_book_then_overlap_is_refused_with_the_constraint_message(car, person):
    first = booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    assert first.status == Booking.Status.RESERVED
    with pytest.raises(ValidationError) as error:
        booking.book(vehicle=car, beneficiary=person, start=at(1, 11), end=at(1, 14))
    assert error.value.message_dict == {
        "start": ["Ce véhicule est déjà réservé sur cette période."]
    }
    # back to back fits ([) bounds)
    booking.book(vehicle=car, beneficiary=person, start=at(1, 12), end=at(1, 14))
    assert Booking.objects.count() == 2


def test_cancelled_booking_frees_the_slot(car, person):
    first = booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    booking.cancel(booking=first)
    booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))


def test_maintenance_blocks_bookings_and_availability(car, person, antenna):
    booking.block_for_maintenance(vehicle=car, start=at(1, 0), end=at(2, 0))
    assert list(free_vehicles(antenna=antenna, start=at(1, 9), end=at(1, 10))) == []
    assert list(free_vehicles(antenna=antenna, start=at(2, 9), end=at(2, 10))) == [car]
    with pytest.raises(ValidationError):
        booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))


def test_retired_vehicle_is_refused(car, person):
    car.status = Vehicle.Status.RETIRED
    car.save()
    with pytest.raises(ValidationError) as error:
        booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    assert "vehicle" in error.value.message_dict


def test_availability_filters_kind_and_busy(antenna, car, person):
    bike = VehicleFactory(antenna=antenna, kind=Vehicle.Kind.EBIKE, energy="electric")
    BookingFactory(vehicle=car, period=period_of(at(1, 8), at(1, 18)))
    assert list(free_vehicles(antenna=antenna, start=at(1, 9), end=at(1, 10))) == [bike]
    assert list(free_vehicles(antenna=antenna, start=at(1, 9), end=at(1, 10), kind="car")) == []


def test_check_out_and_in_record_km_and_service_use(car, person):
    b = booking.book(
        vehicle=car, beneficiary=person, start=at(0, 0), end=at(1, 23), reference_mode=Mode.BUS
    )
    booking.check_out(booking=b, at=at(0, 8), odometer=1000, level=90)
    with pytest.raises(ValidationError) as error:
        booking.check_in(booking=b, at=at(0, 7), odometer=1100)
    assert "at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        booking.check_in(booking=b, at=at(0, 18), odometer=990)
    assert "odometer" in error.value.message_dict
    b = booking.check_in(booking=b, at=at(0, 18), odometer=1125)
    assert b.status == Booking.Status.RETURNED and b.km == 125
    assert b.period.upper == at(0, 18)  # early return frees the rest
    car.refresh_from_db()
    assert car.odometer_km == 1125
    use = ServiceUse.objects.get(source_model="Booking", source_id=b.pk)
    assert (use.service, use.mode, use.km, use.reference_mode) == (
        ServiceKind.CAR_SHARING,
        Mode.CAR_THERMAL,
        125,
        Mode.BUS,
    )


def test_ebike_use_mode(antenna, person):
    bike = VehicleFactory(
        antenna=antenna, kind=Vehicle.Kind.EBIKE, energy="electric", odometer_km=0
    )
    b = booking.book(vehicle=bike, beneficiary=person, start=at(0, 0), end=at(0, 23))
    booking.check_out(booking=b, at=at(0, 8), odometer=0)
    booking.check_in(booking=b, at=at(0, 18), odometer=22)
    use = ServiceUse.objects.get()
    assert (use.service, use.mode, use.km) == (ServiceKind.EBIKE_RENTAL, Mode.EBIKE, 22)


def test_rules_switched_on(antenna, person):
    ServiceSettings.objects.filter(antenna=antenna).update(
        require_ebike_training=True, require_licence_for_car=True, require_accepted_referral=True
    )
    person.licence = "none"
    person.save()
    car = VehicleFactory(antenna=antenna)
    with pytest.raises(ValidationError) as error:
        booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    messages = error.value.message_dict["beneficiary"]
    assert any("permis" in m for m in messages) and any("orientation" in m for m in messages)
    bike = VehicleFactory(antenna=antenna, kind=Vehicle.Kind.EBIKE, energy="electric")
    with pytest.raises(ValidationError) as error:
        booking.book(vehicle=bike, beneficiary=person, start=at(1, 9), end=at(1, 12))
    assert any("formation" in m for m in error.value.message_dict["beneficiary"])
    assert not Booking.objects.exists()


def test_accepted_referral_allows_booking(antenna, person, world):
    ServiceSettings.objects.filter(antenna=antenna).update(require_accepted_referral=True)
    Referral.objects.create(
        antenna=antenna,
        beneficiary=person,
        structure=world.structure,
        reason="mobilité",
        status=Referral.Status.ACCEPTED,
    )
    booking.book(
        vehicle=VehicleFactory(antenna=antenna), beneficiary=person, start=at(1, 9), end=at(1, 12)
    )


def test_price_is_computed_and_reduced_for_low_resources(antenna, car, person):
    PriceRule.objects.create(
        antenna=antenna, vehicle_kind="car", unit="day", price=Decimal("8"),
        reduced_price=Decimal("4"), deposit=Decimal("400"),
    )  # fmt: skip
    b = booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(2, 12))
    assert b.price == Decimal("16.00")  # two started days
    person.has_c2s = True
    person.save()
    b = booking.book(vehicle=car, beneficiary=person, start=at(3, 9), end=at(3, 12))
    assert b.price == Decimal("4.00")


def test_confirmation_email_sent_on_commit(car, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        b = booking.book(vehicle=car, beneficiary=person, start=at(1, 9), end=at(1, 12))
    assert len(mail.outbox) == 1 and car.name in mail.outbox[0].body
    b.refresh_from_db()
    assert b.confirmation_sent_at is not None


def test_recurring_creates_what_fits_and_lists_skipped(car, person):
    today = timezone.localdate()  # the day `at` counts from, not the machine's UTC date
    monday = today + timedelta(days=7 - today.weekday())
    BookingFactory(
        vehicle=car,
        beneficiary=person,
        period=period_of(*(at((monday - today).days + 2, h) for h in (10, 11))),
    )
    result = booking.book_recurring(
        vehicle=car,
        beneficiary=person,
        first_day=monday,
        until=monday + timedelta(days=13),
        weekdays={0, 1, 2, 3, 4},
        start_time=time(8),
        end_time=time(18),
    )
    assert len(result.created) == 9
    assert [day for day, _reason in result.skipped] == [monday + timedelta(days=2)]
    assert len({b.series for b in result.created}) == 1


def test_no_show_frees_the_rest_of_the_slot(car, person):
    b = booking.book(vehicle=car, beneficiary=person, start=at(0, 0), end=at(1, 23))
    booking.no_show(booking=b, now=at(0, 10))
    b.refresh_from_db()
    assert b.status == Booking.Status.NO_SHOW and b.period.upper == at(0, 10)
    booking.book(vehicle=car, beneficiary=person, start=at(0, 11), end=at(0, 12))
