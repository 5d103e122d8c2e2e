from django.urls import path

from billing import condition_views, contract_views, incident_views, paper_views, views

antenna_patterns = [
    path("caisse/", views.home, name="billing_home"),
    path("caisse/export/", views.accountant_export, name="billing_export"),
    path("caisse/personnes/<int:pk>/", views.account, name="billing_account"),
    path("caisse/personnes/<int:pk>/paiement/", views.payment_create, name="billing_pay"),
    path("caisse/personnes/<int:pk>/du/", views.charge_create, name="billing_charge"),
    path("caisse/paiements/<int:pk>/recu.pdf", views.receipt, name="billing_receipt"),
    path("caisse/paiements/<int:pk>/annuler/", views.payment_cancel, name="billing_cancel"),
    path("reservations/<int:pk>/caution/", views.booking_money, name="billing_booking"),
]

antenna_patterns += [
    path("reservations/<int:pk>/contrat/", contract_views.sign, name="billing_contract"),
    path(
        "reservations/<int:pk>/contrat.pdf",
        contract_views.contract_pdf,
        name="billing_contract_pdf",
    ),
    path("caisse/reglement/", contract_views.rules, name="billing_rules"),
    path("documents/", contract_views.documents, name="billing_documents"),
]

antenna_patterns += [
    path(
        "reservations/<int:pk>/etat-depart/",
        condition_views.report,
        {"moment": "checkout"},
        name="billing_checkout_report",
    ),
    path(
        "reservations/<int:pk>/etat-retour/",
        condition_views.report,
        {"moment": "checkin"},
        name="billing_checkin_report",
    ),
    path("reservations/<int:pk>/etat.pdf", condition_views.report_pdf, name="billing_report_pdf"),
    path("caisse/photos/<int:pk>/", condition_views.photo, name="billing_photo"),
]

antenna_patterns += [path("incidents/", incident_views.incident_list, name="billing_incidents")]

antenna_patterns += [
    path("ateliers/<int:pk>/emargement.pdf", paper_views.attendance_sheet, name="paper_sheet"),
    path(
        "ateliers/inscriptions/<int:pk>/attestation.pdf",
        paper_views.attestation,
        name="paper_attestation",
    ),
    path(
        "ateliers/inscriptions/<int:pk>/signer/",
        paper_views.sign_attendance,
        name="paper_sign_attendance",
    ),
]
