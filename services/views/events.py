"""Professional events: upskilling, exchanges with territories and EPCIs, awareness actions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from antennas.models import Commune, Role
from mobilex.tenancy import tenant_roles
from services.forms import ProfessionalEventForm
from services.models import ProfessionalEvent
from services.views.common import page_of, render_form


@tenant_roles(Role.TEAM)
def event_list(request, antenna_slug):
    events = (
        ProfessionalEvent.objects.visible_to(request.membership)
        .prefetch_related("structures")
        .order_by("-held_on", "-pk")
    )
    epcis = dict(
        Commune.objects.of_territory_file().values_list("epci_siren", "epci_name").distinct()
    )
    page = page_of(request, events)
    for event in page.object_list:
        event.epci_names = [epcis.get(siren, siren) for siren in event.epci_sirens]
    return render(request, "services/event_list.html", {"page": page})


@tenant_roles(Role.TEAM)
def event_edit(request, antenna_slug, pk=None):
    event = (
        get_object_or_404(ProfessionalEvent.objects.visible_to(request.membership), pk=pk)
        if pk
        else ProfessionalEvent(antenna=request.antenna)
    )
    form = ProfessionalEventForm(request.POST or None, instance=event, antenna=request.antenna)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Événement enregistré."))
        return redirect("services_events", antenna_slug=antenna_slug)
    return render_form(
        request,
        form,
        title=_("Modifier l'événement") if pk else _("Nouvel événement professionnel"),
        submit=_("Enregistrer"),
        back=reverse("services_events", kwargs={"antenna_slug": antenna_slug}),
    )
