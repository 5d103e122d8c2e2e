"""In Chromium on a 390 px phone: a reminder's link cancels a workshop place, and the next person
on the waiting list gets the place and a message."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications import events
from notifications.models import Notification
from services import workshops
from services.models import Registration
from tests.browser.conftest import check_page, login
from tests.factories import AntennaFactory, TerritoryFactory
from tests.services.factories import BeneficiaryFactory, SessionFactory

pytestmark = pytest.mark.browser


def test_a_reminders_link_cancels_the_place_and_the_next_person_is_told(phone_page):
    page = phone_page
    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    session = SessionFactory(
        antenna=antenna, title="Prise en main du VAE", capacity=1, place="Salle des fêtes",
        starts_at=timezone.now() + timedelta(hours=40),
    )  # fmt: skip
    sonia = BeneficiaryFactory(
        antenna=antenna, first_name="Sonia", phone="06 12 34 56 78", contact_channel="sms"
    )
    lea = BeneficiaryFactory(
        antenna=antenna, first_name="Léa", phone="07 81 23 45 67", contact_channel="sms"
    )
    mine = workshops.register(session=session, beneficiary=sonia)
    theirs = workshops.register(session=session, beneficiary=lea)
    assert events.workshop_reminders(timezone.now()) == 1
    reminder = Notification.objects.get(beneficiary=sonia)
    link = re.search(r"https?://\S+/r/\S+/", reminder.text).group(0)

    page.goto(page.base_url + urlsplit(link).path)
    expect(page.get_by_role("heading", name="Votre rendez-vous")).to_be_visible()
    expect(page.get_by_text("Prise en main du VAE")).to_be_visible()
    check_page(page, "notifications_answer_phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    page.get_by_role("button", name="J'annule ma place").click()
    expect(page.get_by_role("status")).to_contain_text("votre place est annulée")
    check_page(page, "notifications_answer_cancelled_phone")

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert theirs.status == Registration.Status.REGISTERED
    told = Notification.objects.get(beneficiary=lea, template="place_freed")
    assert "une place s'est libérée" in told.text and told.to == "+33781234567"

    page.goto(page.base_url + urlsplit(link).path)  # the link works once
    expect(page.get_by_role("alert")).to_contain_text("déjà répondu")


def test_the_team_reads_the_message_log_and_the_persons_messages(page):
    from tests.factories import Role, member

    antenna = AntennaFactory(territory=TerritoryFactory(), name="Antenne de Betschdorf")
    manager = member(antenna, Role.MANAGER, email="responsable@example.org")
    sonia = BeneficiaryFactory(
        antenna=antenna, first_name="Sonia", last_name="Muller", phone="06 12 34 56 78",
        contact_channel="sms",
    )  # fmt: skip
    Notification.objects.create(
        antenna=antenna, beneficiary=sonia, channel="sms", to="+33612345678",
        template="workshop_reminder", text="Antenne de Betschdorf : atelier \"VAE\" mardi.",
        idempotency_key="a", status="failed", error="HTTP 400 Invalid phone number", segments=1,
    )  # fmt: skip
    login(page, manager.email)
    page.goto(f"{page.base_url}/a/{antenna.slug}/messages/")
    expect(page.get_by_text("HTTP 400 Invalid phone number")).to_be_visible()
    check_page(page, "notifications_log")
    page.get_by_role("button", name="Renvoyer").click()
    expect(page.get_by_text("Le message est renvoyé.")).to_be_visible()
    page.get_by_role("link", name="Textes des messages").click()
    check_page(page, "notifications_templates")
    page.get_by_role("link", name=re.compile("Modifier Rappel : votre atelier")).click()
    page.get_by_label("Texte du message").fill("x" * 400 + " {{ link }}")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("caractères (320 au plus)")).to_be_visible()
    check_page(page, "notifications_template_error")
    page.goto(f"{page.base_url}/a/{antenna.slug}/beneficiaires/{sonia.pk}/")
    expect(page.get_by_role("heading", name="Messages envoyés")).to_be_visible()
    check_page(page, "notifications_person")
