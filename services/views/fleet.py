"""Fleet pages: list, detail with its week, create and edit, maintenance slots."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from antennas.models import Role
from mobilex.tenancy import tenant_roles
from services import booking as booking_module
from services.calendar import week_grid
from services.errors import constraint_message
from services.forms import MaintenanceForm, VehicleForm
from services.models import Booking, Vehicle
from services.views.common import monday_of, render_form, show_errors


@tenant_roles(Role.TEAM)
def vehicle_list(request, antenna_slug):
    vehicles = (
        Vehicle.objects.visible_to(request.membership)
        .annotate(
            active=Count(
                "bookings",
                filter=Q(
                    bookings__status__in=[Booking.Status.RESERVED, Booking.Status.CHECKED_OUT]
                ),
            )
        )
        .order_by("status", "kind", "name")
    )
    return render(request, "services/vehicle_list.html", {"vehicles": vehicles})


def _save_vehicle(request, form):
    try:
        with transaction.atomic():
            vehicle = form.save(commit=False)
            vehicle.antenna = request.antenna
            vehicle.save()
    except IntegrityError as error:
        show_errors(form, constraint_message(Vehicle, error, "identifier"))
        return None
    return vehicle


@tenant_roles(Role.TEAM)
def vehicle_create(request, antenna_slug):
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vehicle = _save_vehicle(request, form)
        if vehicle is not None:
            messages.success(request, _("Véhicule ajouté à la flotte."))
            return redirect("services_vehicle", antenna_slug=antenna_slug, pk=vehicle.pk)
    return render_form(
        request,
        form,
        title=_("Ajouter un véhicule"),
        submit=_("Ajouter"),
        back=reverse("services_vehicles", kwargs={"antenna_slug": antenna_slug}),
    )


@tenant_roles(Role.TEAM)
def vehicle_edit(request, antenna_slug, pk):
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.membership), pk=pk)
    form = VehicleForm(request.POST or None, instance=vehicle)
    if request.method == "POST" and form.is_valid() and _save_vehicle(request, form):
        messages.success(request, _("Véhicule mis à jour."))
        return redirect("services_vehicle", antenna_slug=antenna_slug, pk=pk)
    return render_form(
        request,
        form,
        title=_("Modifier %(vehicle)s") % {"vehicle": vehicle},
        submit=_("Enregistrer"),
        back=reverse("services_vehicle", kwargs={"antenna_slug": antenna_slug, "pk": pk}),
    )


@tenant_roles(Role.TEAM)
def vehicle_detail(request, antenna_slug, pk):
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.membership), pk=pk)
    monday = monday_of(request)
    form = MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_module.block_for_maintenance(
                vehicle=vehicle,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                notes=form.cleaned_data["notes"],
                created_by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Maintenance planifiée."))
            return redirect("services_vehicle", antenna_slug=antenna_slug, pk=pk)
    grid = week_grid(vehicles=[vehicle], antenna=request.antenna, monday=monday)
    return render(
        request,
        "services/vehicle_detail.html",
        {"vehicle": vehicle, "grid": grid, "form": form},
        status=400 if form.errors else 200,
    )
