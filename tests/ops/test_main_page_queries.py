"""Every main page runs the same number of queries, stated absolutely, at two data sizes: the
antenna home, the people list, a person's page, the bookings list, the calendar, the today page,
a person's audit log, the antenna's indicators and the officer's territory page. The data grows
twentyfold between the two sizes: people, vehicles and their bookings, uses, notes, audit rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries import audit
from beneficiaries.models import AuditEvent, Note
from services.availability import period_of
from services.models import Booking
from tests.indicators.factories import (
    BeneficiaryFactory,
    ServiceUseFactory,
    VehicleFactory,
    publish,
)
from tests.services.factories import at

pytestmark = pytest.mark.django_db


def grow(world, person, units: int) -> None:
    """`units` more of everything the pages show, in the antenna of `person`."""
    antenna = world.antenna
    today = timezone.localdate()
    for _ in range(units):
        other = BeneficiaryFactory(antenna=antenna, referring_structure=world.structure)
        vehicle = VehicleFactory(antenna=antenna)
        Booking.objects.bulk_create(
            Booking(antenna=antenna, vehicle=vehicle, beneficiary=who,
                    period=period_of(at(day, 9), at(day, 12)))
            for day, who in ((0, person), (1, other), (2, person))
        )  # fmt: skip
        for who in (person, other):
            ServiceUseFactory(antenna=antenna, beneficiary=who, used_on=today - timedelta(days=1))
        Note.objects.bulk_create(
            Note(antenna=antenna, beneficiary=person, author=world.staff, text="Entretien.")
            for _ in range(3)
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(antenna_id=antenna.pk, beneficiary_id=person.pk, actor=world.staff,
                       action=audit.Action.VIEW, model="beneficiary", object_id=person.pk)
            for _ in range(3)
        )  # fmt: skip


# (page, who looks, URL arguments, queries): the counts are the pages' own, at both sizes
PAGES = [
    ("antenna_home", "manager", {}, 10),
    ("beneficiary_list", "staff", {}, 9),
    ("beneficiary_detail", "staff", {"pk": "person"}, 19),
    ("services_bookings", "staff", {}, 4),
    ("services_week", "staff", {}, 6),
    ("services_today", "staff", {}, 5),
    ("beneficiary_audit", "manager", {"pk": "person"}, 6),
    ("indicators_antenna", "manager", {}, 24),
    ("territory_home", "officer", {}, 24),
]


@pytest.mark.parametrize(("name", "role", "kwargs", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_runs_the_same_queries_at_two_sizes(
    client, world, django_assert_num_queries, name, role, kwargs, queries
):
    person = BeneficiaryFactory(antenna=world.antenna, referring_structure=world.structure)
    grow(world, person, 1)
    kwargs = {k: person.pk if v == "person" else v for k, v in kwargs.items()}
    if name == "territory_home":
        path = reverse(name, kwargs={"territory_slug": world.territory.slug})
        # the officer's people counts are those of the year's compiled report
        publish(world.territory, timezone.localdate().year)
    else:
        path = reverse(name, kwargs={"antenna_slug": world.antenna.slug, **kwargs})
    client.force_login(getattr(world, role))
    assert client.get(path).status_code == 200  # stores the membership in the session
    for units in (0, 19):  # 1, then 20 of everything
        grow(world, person, units)
        with django_assert_num_queries(queries):
            response = client.get(path)
        assert response.status_code == 200
