from django.urls import path

from antennas import views

antenna_patterns = [
    path("", views.antenna_home, name="antenna_home"),
    path("equipe/", views.team, name="antenna_team"),
    path("communes/", views.communes, name="antenna_communes"),
    path("statut/", views.status_history, name="antenna_status"),
    path("equipe/<int:pk>/acces/", views.toggle_membership, name="antenna_membership_toggle"),
    path(
        "equipe/invitations/<int:pk>/annuler/",
        views.revoke_invitation_view,
        name="antenna_invitation_revoke",
    ),
]
territory_patterns = [
    path("", views.territory_home, name="territory_home"),
]
api_antenna_patterns = []
api_territory_patterns = []
