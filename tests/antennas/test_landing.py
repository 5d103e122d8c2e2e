import pytest
from django.urls import reverse

from antennas.models import Role
from tests.factories import MembershipFactory


@pytest.mark.django_db
class TestLanding:
    def test_anonymous_goes_to_login(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize(
        ("who", "expected"),
        [
            ("manager", "/a/antenne-a/"),
            ("staff", "/a/antenne-a/"),
            ("social_worker", "/a/antenne-a/"),
            ("officer", "/t/petr-test/"),
        ],
    )
    def test_each_role_lands_on_its_space(self, client, world, who, expected):
        client.force_login(getattr(world, who))
        response = client.get("/", follow=True)
        assert response.redirect_chain[-1][0] == expected
        assert response.status_code == 200

    def test_social_worker_lands_on_their_own_space(self, client, world):
        client.force_login(world.social_worker)
        response = client.get("/a/antenne-a/")
        assert "Mon espace" in response.content.decode()
        assert "Chantier S1" in response.content.decode()

    def test_officer_sees_the_territory_antennas(self, client, world):
        client.force_login(world.officer)
        body = client.get("/t/petr-test/").content.decode()
        assert "Antenne A" in body and "Antenne B" in body
        assert "Antenne C" not in body

    def test_user_without_membership_is_told(self, client, world):
        from tests.factories import UserFactory

        client.force_login(UserFactory())
        response = client.get("/")
        assert response.status_code == 403
        assert "Aucun accès" in response.content.decode()

    def test_two_memberships_switch_and_landing_follows_the_last_used(self, client, world):
        user = world.neighbour_manager
        MembershipFactory(user=user, antenna=world.antenna, role=Role.STAFF)
        client.force_login(user)
        # The most responsible role first…
        assert client.get("/")["Location"] == "/a/antenne-b/"
        page = client.get("/a/antenne-b/").content.decode()
        assert 'href="/a/antenne-a/"' in page  # the switcher offers the other space
        # …then the space last used.
        assert client.get("/a/antenne-a/").status_code == 200
        assert client.get("/")["Location"] == "/a/antenne-a/"

    def test_interface_is_in_french(self, client, world):
        client.force_login(world.manager)
        body = client.get("/a/antenne-a/").content.decode()
        assert '<html lang="fr">' in body
        assert "Se déconnecter" in body

    def test_english_is_available(self, client, world):
        client.force_login(world.manager)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        body = client.get("/a/antenne-a/").content.decode()
        assert '<html lang="en">' in body
        assert "Log out" in body


@pytest.mark.django_db
class TestTenancy:
    def test_tenant_pages_are_not_kept_in_browser_caches(self, client, world):
        client.force_login(world.manager)
        assert "no-store" in client.get("/a/antenne-a/")["Cache-Control"]

    def test_unknown_slug_is_404(self, client, world):
        client.force_login(world.manager)
        assert client.get("/a/nulle-part/").status_code == 404
        assert client.get("/t/nulle-part/").status_code == 404

    def test_other_antenna_is_404(self, client, world):
        client.force_login(world.neighbour_manager)
        assert client.get("/a/antenne-a/").status_code == 404

    def test_inactive_membership_is_404(self, client, world):
        world.staff.memberships.update(is_active=False)
        client.force_login(world.staff)
        assert client.get("/a/antenne-a/").status_code == 404

    def test_role_not_allowed_is_404(self, client, world):
        client.force_login(world.staff)
        assert client.get("/a/antenne-a/equipe/").status_code == 404

    def test_anonymous_tenant_page_redirects_to_login(self, client, world):
        response = client.get("/a/antenne-a/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
class TestHomePanels:
    def test_team_sees_the_referrals_to_handle(self, client, world):
        from tests.beneficiaries.factories import BeneficiaryFactory, ReferralFactory

        person = BeneficiaryFactory(antenna=world.antenna, referring_structure=world.structure)
        ReferralFactory(beneficiary=person)
        client.force_login(world.staff)
        response = client.get("/a/antenne-a/")
        panels = {p.title: p.value for p in response.context["panels"]}
        assert panels["Orientations à traiter"] == 1
        assert panels["Sorties et retours du jour"] == 0

    def test_social_worker_counts_only_their_structure(self, client, world):
        from tests.beneficiaries.factories import BeneficiaryFactory, ReferralFactory

        mine = BeneficiaryFactory(antenna=world.antenna, referring_structure=world.structure)
        ReferralFactory(beneficiary=mine)
        other = BeneficiaryFactory(antenna=world.antenna, referring_structure=world.other_structure)
        ReferralFactory(beneficiary=other)
        client.force_login(world.social_worker)
        response = client.get("/a/antenne-a/")
        panels = {p.title: p.value for p in response.context["panels"]}
        assert panels == {"Orientations en attente": 1, "Personnes accompagnées": 0}

    def test_home_runs_a_fixed_number_of_queries(self, client, world, django_assert_num_queries):
        from tests.beneficiaries.factories import BeneficiaryFactory

        client.force_login(world.manager)
        client.get("/a/antenne-a/")
        with django_assert_num_queries(10) as few:  # people panels: 3 bounded counts
            client.get("/a/antenne-a/")
        BeneficiaryFactory.create_batch(
            5, antenna=world.antenna, referring_structure=world.structure
        )
        with django_assert_num_queries(len(few.captured_queries)):
            client.get("/a/antenne-a/")


@pytest.mark.django_db
def test_home_counts_the_same_desk_work_as_the_today_page(client, world):
    """A rental booked yesterday and not yet handed over is still today's work, on both pages."""
    from services.availability import period_of
    from tests.services.factories import BookingFactory, VehicleFactory, at

    car = VehicleFactory(antenna=world.antenna)
    BookingFactory(vehicle=car, period=period_of(at(-1, 9), at(1, 9)))
    client.force_login(world.staff)
    panels = {p.title: p for p in client.get("/a/antenne-a/").context["panels"]}
    today = client.get("/a/antenne-a/aujourdhui/").context
    assert panels["Sorties et retours du jour"].value == len(today["departures"]) == 1
