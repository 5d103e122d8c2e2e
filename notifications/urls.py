from django.urls import path

from notifications import driver_views, views

urlpatterns = [
    path("r/<str:token>/", views.answer, name="notification_answer"),
    path("tus/semaine/<str:token>/", driver_views.driver_week, name="driver_week"),
    path("tus/<str:token>/", driver_views.offer_answer, name="trip_offer_answer"),
    path("sms/entrant/<str:secret>/", views.inbound_sms, name="notification_inbound_sms"),
]

antenna_patterns = [
    path(
        "tus/conducteurs/<int:pk>/disponibilites/",
        driver_views.availability,
        name="driver_availability",
    ),
    path(
        "tus/conducteurs/<int:pk>/envoyer-lien/",
        driver_views.send_week_link,
        name="driver_week_link",
    ),
    path("tus/trajets/<int:pk>/conducteurs/", driver_views.trip_drivers, name="trip_drivers"),
    path(
        "tus/trajets/<int:pk>/convocation/",
        driver_views.trip_convocation,
        name="trip_convocation",
    ),
    path("messages/", views.log, name="notification_log"),
    path("messages/<int:pk>/renvoyer/", views.retry, name="notification_retry"),
    path("messages/convocation/<int:pk>/", views.convocation, name="notification_convocation"),
    path("messages/modeles/", views.template_list, name="notification_templates"),
    path("messages/modeles/<slug:key>/", views.template_edit, name="notification_template"),
    path(
        "messages/modeles/<slug:key>/defaut/",
        views.template_reset,
        name="notification_template_reset",
    ),
]
