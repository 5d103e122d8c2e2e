import pytest

from mobilex.navigation import menu


def test_menu_gathers_a_group_where_it_first_appears():
    links = [
        {"label": "Accueil", "url": "/a/x/", "group": ""},
        {"label": "Flotte", "url": "/a/x/flotte/", "group": "Véhicules"},
        {"label": "TUS", "url": "/a/x/tus/", "group": "Services"},
        {"label": "Calendrier", "url": "/a/x/calendrier/", "group": "Véhicules"},
        {"label": "Équipe", "url": "/a/x/equipe/", "group": ""},
    ]
    entries = menu(links)
    assert [e["label"] for e in entries] == ["Accueil", "Véhicules", "Services", "Équipe"]
    assert [c["label"] for c in entries[1]["children"]] == ["Flotte", "Calendrier"]


@pytest.mark.django_db
def test_each_role_gets_its_own_menu(client, world):
    client.force_login(world.manager)
    manager = client.get("/a/antenne-a/").content.decode()
    assert "<summary>Véhicules</summary>" in manager
    assert 'href="/a/antenne-a/equipe/"' in manager
    client.force_login(world.social_worker)
    social_worker = client.get("/a/antenne-a/").content.decode()
    assert "<summary>Véhicules</summary>" not in social_worker
    assert 'href="/a/antenne-a/equipe/"' not in social_worker


@pytest.mark.django_db
def test_the_menu_is_built_once_a_space_and_shown_in_each_language(client, world, monkeypatch):
    from mobilex import navigation

    client.force_login(world.manager)
    assert "<summary>Véhicules</summary>" in client.get("/a/antenne-a/").content.decode()
    built = []
    monkeypatch.setattr(navigation, "reverse", lambda *a, **k: built.append(a) or "/")
    client.cookies["django_language"] = "en"
    english = client.get("/a/antenne-a/").content.decode()
    assert "<summary>Vehicles</summary>" in english
    assert 'href="/a/antenne-a/equipe/"' in english
    assert built == []  # the links of the space were kept, not reversed again
