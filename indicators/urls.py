from django.urls import include, path
from rest_framework.routers import SimpleRouter

from indicators import api, views

antenna_patterns = [
    path("indicateurs/", views.antenna_dashboard, name="indicators_antenna"),
    path("indicateurs/export.csv", views.antenna_csv, name="indicators_antenna_csv"),
    path("indicateurs/export.xlsx", views.antenna_xlsx, name="indicators_antenna_xlsx"),
    path(
        "indicateurs/rapports/<int:pk>/pdf/",
        views.antenna_report_download,
        name="indicators_antenna_report_download",
    ),
    path("indicateurs/tus/", views.tus_report, name="indicators_tus"),
    path("indicateurs/tus/rapport.pdf", views.tus_pdf, name="indicators_tus_pdf"),
]
territory_patterns = [
    path("indicateurs/export.csv", views.territory_csv, name="indicators_territory_csv"),
    path("indicateurs/export.xlsx", views.territory_xlsx, name="indicators_territory_xlsx"),
    path("objectifs/", views.targets, name="indicators_targets"),
    path("rapports/", views.reports, name="indicators_reports"),
    path("rapports/<int:pk>/etat/", views.report_status, name="indicators_report_status"),
    path("rapports/<int:pk>/relancer/", views.report_retry, name="indicators_report_retry"),
    path("rapports/<int:pk>/pdf/", views.report_download, name="indicators_report_download"),
]
# Plain (non-regex) routes with <int:pk>, so the all-routes isolation test walks them.
router = SimpleRouter(use_regex_path=False)
router.register("targets", api.TargetViewSet, basename="indicators-target")
router.register("reports", api.ReportViewSet, basename="indicators-report")

api_antenna_patterns = [
    path("indicators/figures/", api.AntennaFigures.as_view(), name="api_indicators_antenna"),
]
api_territory_patterns = [
    path("indicators/figures/", api.TerritoryFigures.as_view(), name="api_indicators_territory"),
    path("indicators/catalogue/", api.Catalogue.as_view(), name="api_indicators_catalogue"),
    path("indicators/", include(router.urls)),
]
