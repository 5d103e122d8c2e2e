"""Incident pages of the antenna team: the list and the report form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from antennas.models import Role
from billing import incidents
from billing.forms import IncidentForm
from billing.models import Incident
from mobilex.tenancy import tenant_roles
from services.views.common import page_of, show_errors


@tenant_roles(Role.TEAM)
def incident_list(request, antenna_slug):
    form = IncidentForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            incidents.report_incident(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Incident enregistré."))
            return redirect("billing_incidents", antenna_slug=antenna_slug)
    listed = Incident.objects.visible_to(request.membership).select_related(
        "vehicle", "driver", "maintenance"
    )
    return render(
        request,
        "billing/incidents.html",
        {"form": form, "page": page_of(request, listed)},
        status=400 if form.is_bound and form.errors else 200,
    )
