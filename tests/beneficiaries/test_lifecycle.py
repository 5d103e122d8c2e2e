"""A referral's lifecycle (sent → accepted | refused | withdrawn), desk arrivals served at once,
and a person's periods: an exit, a return that opens period 2, counted once."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from beneficiaries import lifecycles, referrals
from beneficiaries.models import Beneficiary, Enrolment, Referral
from services.models import Booking, ServiceSettings
from tests.beneficiaries.factories import ReferralFactory
from tests.beneficiaries.test_records import person_data
from tests.concurrency import race
from tests.services.factories import VehicleFactory, at

pytestmark = pytest.mark.django_db


def test_the_referral_table_allows_only_its_transitions(world, person):
    referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    referrals.decide_referral(
        referral=referral, actor=world.staff, accept=False, refusal_reason="x"
    )
    with pytest.raises(referrals.AlreadyDecided):
        referrals.decide_referral(referral=referral, actor=world.staff, accept=True)
    with pytest.raises(Exception, match="Seule une orientation en attente peut être retirée."):
        referrals.cancel_referral(referral=referral, actor=world.social_worker, reason="trop tard")
    assert lifecycles.targets(lifecycles.PERSON, "exited") == {"exited", "active"}
    assert lifecycles.transition_between(lifecycles.PERSON, "exited", "referred") is None


def test_the_prescriber_withdraws_a_waiting_referral_with_a_reason(client, world, person, url):
    referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    client.force_login(world.social_worker)
    assert (
        "Retirer cette orientation"
        in client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    )
    withdraw = url("referral_withdraw", pk=referral.pk)
    response = client.post(withdraw, {"reason": ""})
    assert response.status_code == 400 and "Ce champ est obligatoire." in response.content.decode()
    response = client.post(withdraw, {"reason": "A trouvé un covoiturage familial"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "cancelled" and referral.cancelled_by == world.social_worker
    assert referral.cancel_reason == "A trouvé un covoiturage familial"
    assert referral.cancelled_at is not None
    # Gone from the antenna's inbox, shown on the journey with its reason.
    client.force_login(world.staff)
    assert "A trouvé un covoiturage" not in client.get(url("referral_list")).content.decode()
    page = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    assert "Orientation retirée" in page and "retirée : A trouvé un covoiturage familial" in page
    # Withdrawn twice: a message, not a 500.
    client.force_login(world.social_worker)
    response = client.post(withdraw, {"reason": "encore"})
    assert response.status_code == 400
    assert "Seule une orientation en attente peut être retirée." in response.content.decode()


def test_another_structure_cannot_withdraw(client, world, person, url):
    referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    client.force_login(world.other_social_worker)
    assert client.post(url("referral_withdraw", pk=referral.pk), {"reason": "x"}).status_code == 404
    client.force_login(world.staff)
    assert client.get(url("referral_withdraw", pk=referral.pk)).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_postgres_refuses_a_withdrawal_without_reason_and_a_prescription_without_structure(
    world, person
):
    referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(structure=None)


def test_a_desk_arrival_is_followed_and_booked_at_once(client, world, url):
    ServiceSettings.objects.create(
        antenna=world.antenna,
        require_accepted_referral=True,
        require_ebike_training=False,
        require_licence_for_car=False,
    )
    client.force_login(world.staff)
    response = client.post(url("beneficiary_create"), person_data())
    assert response.status_code == 302
    person = Beneficiary.objects.get(last_name="Dupont")
    referral = person.referrals.get()
    assert (referral.origin, referral.status, referral.structure) == ("direct", "accepted", None)
    assert referral.decided_by == world.staff
    assert person.status == "active" and person.entry_date == timezone.localdate()
    assert list(person.enrolments.values_list("number", "ended_on")) == [(1, None)]
    local = lambda dt: timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    car = VehicleFactory(antenna=world.antenna)
    response = client.post(
        url("services_booking_create"),
        {"beneficiary": person.pk, "vehicle": car.pk, "start": local(at(0, 15)),
         "end": local(at(0, 18)), "purpose": "job", "reference_mode": "unknown"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Booking.objects.get().beneficiary == person
    page = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    assert "Orientation acceptée" in page and "accueil direct" in page


def test_a_social_workers_new_person_waits_for_the_antenna(client, world, url):
    client.force_login(world.social_worker)
    client.post(url("beneficiary_create"), person_data())
    person = Beneficiary.objects.get(last_name="Dupont")
    assert person.status == "referred" and not person.referrals.exists()
    assert not person.enrolments.exists()


def _exit(client, url, person, day):
    person.refresh_from_db()
    return client.post(
        url("beneficiary_status", pk=person.pk),
        {"version": person.version, "status": "exited", "entry_date": person.entry_date.isoformat(),
         "exit_date": day.isoformat(), "exit_outcome": "training"},
    )  # fmt: skip


def test_an_exited_person_referred_again_is_active_with_a_new_period(client, world, person, url):
    first = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    referrals.decide_referral(referral=first, actor=world.staff, accept=True)
    client.force_login(world.staff)
    today = timezone.localdate()
    Enrolment.objects.filter(beneficiary=person).update(started_on=today - datetime.timedelta(90))
    Beneficiary.objects.filter(pk=person.pk).update(entry_date=today - datetime.timedelta(90))
    assert _exit(client, url, person, today - datetime.timedelta(10)).status_code == 302
    person.refresh_from_db()
    assert person.status == "exited"
    # The status page offers no way back except a new referral (or a desk arrival).
    page = client.get(url("beneficiary_status", pk=person.pk)).content.decode()
    assert 'value="referred"' not in page
    again = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    referrals.decide_referral(referral=again, actor=world.staff, accept=True)
    person.refresh_from_db()
    assert person.status == "active" and person.entry_date == today and person.exit_date is None
    periods = list(person.enrolments.values_list("number", "started_on", "ended_on", "referral"))
    assert periods == [
        (1, today - datetime.timedelta(90), today - datetime.timedelta(10), first.pk),
        (2, today, None, again.pk),
    ]
    page = client.get(url("beneficiary_detail", pk=person.pk)).content.decode()
    assert "Début de l&#x27;accompagnement (période n° 1)" in page
    assert "Sortie : fin de la période n° 1" in page
    assert "Retour : début de la période d&#x27;accompagnement n° 2" in page


def test_a_desk_return_after_an_exit_opens_the_next_period(client, world, person, url):
    referrals.welcome_directly(beneficiary=person, actor=world.staff)
    client.force_login(world.staff)
    Beneficiary.objects.filter(pk=person.pk).update(entry_date=timezone.localdate())
    _exit(client, url, person, timezone.localdate())
    response = client.post(url("beneficiary_welcome", pk=person.pk))
    assert response.status_code == 302
    assert list(person.enrolments.values_list("number", flat=True)) == [1, 2]
    assert Beneficiary.objects.get(pk=person.pk).status == "active"


def test_accepting_while_followed_opens_no_new_period(world, person):
    for _n in range(2):
        referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
        referrals.decide_referral(referral=referral, actor=world.staff, accept=True)
    assert person.enrolments.count() == 1


def test_postgres_keeps_one_open_period(world, person):
    referrals.welcome_directly(beneficiary=person, actor=world.staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            antenna=world.antenna, beneficiary=person, number=2, started_on=timezone.localdate()
        )


@pytest.mark.django_db(transaction=True)
def test_a_return_is_counted_once_under_simultaneous_acceptances(world, make_person):
    """Two referrals of an exited person accepted at the same moment on two connections."""
    person = make_person(status="exited", entry_date=datetime.date(2025, 1, 6),
                         exit_date=datetime.date(2025, 6, 30), exit_outcome="training")  # fmt: skip
    Enrolment.objects.create(
        antenna=world.antenna, beneficiary=person, number=1,
        started_on=datetime.date(2025, 1, 6), ended_on=datetime.date(2025, 6, 30),
    )  # fmt: skip
    pending = [
        ReferralFactory(beneficiary=person, social_worker=world.social_worker) for _n in range(8)
    ]
    _, errors = race(
        lambda i: referrals.decide_referral(referral=pending[i], actor=world.staff, accept=True),
        len(pending),
    )
    assert errors == []
    assert Referral.objects.filter(status="accepted").count() == len(pending)
    assert list(person.enrolments.values_list("number", flat=True)) == [1, 2]
    assert Enrolment.objects.returns().count() == 1  # the return, once
    assert Beneficiary.objects.get(pk=person.pk).status == "active"


def test_the_api_tells_prescribed_from_direct_arrivals(client, world, person):
    from django.urls import reverse

    ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    referrals.welcome_directly(beneficiary=person, actor=world.staff)
    client.force_login(world.staff)
    api = reverse("api_referral_list", kwargs={"antenna_slug": world.antenna.slug})
    body = client.get(api).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert sorted((r["origin"], r["structure"]) for r in rows) == [
        ("direct", None),
        ("prescribed", world.structure.name),
    ]


def test_merging_two_followed_records_keeps_one_history(world, make_person):
    from beneficiaries.duplicates import merge

    day = datetime.date
    keep, absorb = make_person(), make_person()
    for person, start, end in ((keep, day(2024, 1, 8), day(2024, 5, 31)),
                               (absorb, day(2024, 3, 1), day(2024, 9, 30)),
                               (absorb, day(2025, 2, 3), None)):  # fmt: skip
        Enrolment.objects.create(
            antenna=world.antenna, beneficiary=person, started_on=start, ended_on=end,
            number=person.enrolments.count() + 1,
        )  # fmt: skip
    merge(keep=keep, absorb=absorb, actor=world.manager)
    assert list(keep.enrolments.values_list("number", "started_on", "ended_on")) == [
        (1, day(2024, 1, 8), day(2024, 9, 30)),  # the overlapping periods joined
        (2, day(2025, 2, 3), None),
    ]
