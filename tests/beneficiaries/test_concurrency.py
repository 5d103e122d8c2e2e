"""Two people acting on the same record at the same moment, through the real pages: each thread has
its own client and PostgreSQL connection; a barrier holds both until each has read the record
(and so believes it may act), then releases them together. Exactly one wins, the other is told,
nothing is silently overwritten."""

import threading

import pytest
from django.db import connection
from django.test import Client

from beneficiaries import duplicates, records, referrals
from beneficiaries.models import AuditEvent, Beneficiary, Referral
from tests.beneficiaries.factories import ReferralFactory
from tests.beneficiaries.test_records import person_data

pytestmark = pytest.mark.django_db(transaction=True)


def race(monkeypatch, module, name, requests):
    """Run each `request(client)` in its own thread; both pass the view's reads, then meet at a
    barrier placed just before `module.name` (the write) and go on together."""
    barrier = threading.Barrier(len(requests), timeout=10)
    write = getattr(module, name)

    def at_the_same_time(*args, **kwargs):
        barrier.wait()
        return write(*args, **kwargs)

    monkeypatch.setattr(module, name, at_the_same_time)
    responses = [None] * len(requests)

    def run(i, user, send):
        client = Client()
        client.force_login(user)
        try:
            responses[i] = send(client)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, user, send))
        for i, (user, send) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a request is stuck on a lock"
    return responses


def test_accept_and_refuse_the_same_referral_at_once(monkeypatch, world, url, person):
    referral = ReferralFactory(beneficiary=person, social_worker=world.social_worker)
    decide = url("referral_decide", pk=referral.pk)
    accept = {"decision": "accept"}
    refuse = {"decision": "refuse", "refusal_reason": "Hors territoire"}
    responses = race(
        monkeypatch,
        referrals,
        "decide_referral",
        [
            (world.staff, lambda client: client.post(decide, accept, follow=True)),
            (world.manager, lambda client: client.post(decide, refuse, follow=True)),
        ],
    )
    referral.refresh_from_db()
    person.refresh_from_db()
    pages = [response.content.decode() for response in responses]
    assert all(response.status_code == 200 for response in responses)
    if referral.status == "accepted":
        winner, loser, told = world.staff, 1, "déjà été acceptée par"
        assert (person.status, person.version) == ("active", 2)
        assert referral.refusal_reason == ""
    else:
        winner, loser, told = world.manager, 0, "déjà été refusée par"
        assert (referral.status, referral.refusal_reason) == ("refused", "Hors territoire")
        assert (person.status, person.version) == ("referred", 1)
    assert referral.decided_by == winner
    assert f"{told} {winner}" in pages[loser]
    assert "votre décision n&#x27;a pas été enregistrée" in pages[loser]
    assert "n&#x27;a pas été enregistrée" not in pages[1 - loser]
    assert AuditEvent.objects.filter(model="Referral", action="update").count() == 1


def test_two_people_save_the_same_record_at_once(monkeypatch, world, url, person):
    edit = url("beneficiary_edit", pk=person.pk)
    first = person_data(last_name="Martin", address="1 rue Haute", version=person.version)
    second = person_data(last_name="Bernard", address="9 rue Neuve", version=person.version)
    responses = race(
        monkeypatch,
        records,
        "update_beneficiary",
        [
            (world.staff, lambda client: client.post(edit, first)),
            (world.social_worker, lambda client: client.post(edit, second)),
        ],
    )
    assert sorted(response.status_code for response in responses) == [302, 409]
    loser = 0 if responses[0].status_code == 409 else 1
    kept = [first, second][1 - loser]
    person.refresh_from_db()
    assert (person.last_name, person.address) == (kept["last_name"], kept["address"])
    assert person.version == 2
    page = responses[loser].content.decode()
    assert "modifiée entre-temps par quelqu&#x27;un d&#x27;autre" in page
    assert f'value="{[first, second][loser]["address"]}"' in page  # what the loser typed
    assert AuditEvent.objects.filter(model="Beneficiary", action="update").count() == 1


def test_two_managers_merge_the_same_pair_crosswise(monkeypatch, world, url, make_person):
    one = make_person(last_name="Roth", phone="06 11 22 33 44")
    two = make_person(last_name="Roth", email="roth@example.org")
    ReferralFactory(beneficiary=one)
    ReferralFactory(beneficiary=two)

    def merge_into(keep, absorb):
        form = {"other": absorb.pk, "confirm": "on"}
        return lambda client: client.post(url("beneficiary_merge", pk=keep.pk), form)

    responses = race(
        monkeypatch,
        duplicates,
        "merge",
        [(world.manager, merge_into(one, two)), (world.manager, merge_into(two, one))],
    )
    assert sorted(response.status_code for response in responses) == [200, 302]
    survivor = Beneficiary.objects.get(last_name="Roth")
    assert Referral.objects.filter(beneficiary=survivor).count() == 2
    assert (survivor.phone, survivor.email) == ("06 11 22 33 44", "roth@example.org")
    refused = next(response for response in responses if response.status_code == 200)
    assert "vient d&#x27;être fusionnée ou effacée" in refused.content.decode()
    assert AuditEvent.objects.filter(action="merge").count() == 1
