from django.urls import path

from beneficiaries import api, views
from beneficiaries.importing import PEOPLE
from mobilex.imports.views import import_urls

antenna_patterns = [
    path("beneficiaires/", views.beneficiary_list, name="beneficiary_list"),
    path("beneficiaires/nouveau/", views.beneficiary_create, name="beneficiary_create"),
    path("beneficiaires/doublons/", views.probable_duplicates, name="probable_duplicates"),
    *import_urls("beneficiaires", PEOPLE),
    path("beneficiaires/<int:pk>/", views.beneficiary_detail, name="beneficiary_detail"),
    path("beneficiaires/<int:pk>/modifier/", views.beneficiary_edit, name="beneficiary_edit"),
    path("beneficiaires/<int:pk>/statut/", views.beneficiary_status, name="beneficiary_status"),
    path("beneficiaires/<int:pk>/notes/", views.note_create, name="note_create"),
    path("beneficiaires/<int:pk>/diagnostic/", views.diagnostic_create, name="diagnostic_create"),
    path("beneficiaires/<int:pk>/orienter/", views.referral_create, name="referral_create"),
    path(
        "beneficiaires/<int:pk>/accueil-direct/",
        views.beneficiary_welcome,
        name="beneficiary_welcome",
    ),
    path("beneficiaires/<int:pk>/journal/", views.beneficiary_audit, name="beneficiary_audit"),
    path("beneficiaires/<int:pk>/fusionner/", views.beneficiary_merge, name="beneficiary_merge"),
    path(
        "beneficiaires/<int:pk>/donnees.json",
        views.beneficiary_export_json,
        name="beneficiary_export_json",
    ),
    path(
        "beneficiaires/<int:pk>/donnees.pdf",
        views.beneficiary_export_pdf,
        name="beneficiary_export_pdf",
    ),
    path("beneficiaires/<int:pk>/effacer/", views.beneficiary_erase, name="beneficiary_erase"),
    path("diagnostics/<int:pk>/", views.diagnostic_detail, name="diagnostic_detail"),
    path("diagnostics/<int:pk>/pdf/", views.diagnostic_pdf, name="diagnostic_pdf"),
    path("orientations/", views.referral_list, name="referral_list"),
    path("orientations/<int:pk>/decision/", views.referral_decide, name="referral_decide"),
    path("orientations/<int:pk>/retrait/", views.referral_withdraw, name="referral_withdraw"),
]
territory_patterns = []
api_antenna_patterns = [
    path(
        "beneficiaires/",
        api.BeneficiaryViewSet.as_view({"get": "list"}),
        name="api_beneficiary_list",
    ),
    path(
        "beneficiaires/<int:pk>/",
        api.BeneficiaryViewSet.as_view({"get": "retrieve"}),
        name="api_beneficiary_detail",
    ),
    path("orientations/", api.ReferralViewSet.as_view({"get": "list"}), name="api_referral_list"),
    path(
        "orientations/<int:pk>/",
        api.ReferralViewSet.as_view({"get": "retrieve"}),
        name="api_referral_detail",
    ),
]
api_territory_patterns = []
