"""Calling things off: one confirmation page and one POST for every cancellable object of the
bouquet, declared in a table. The page asks for the reason (required where the module's
function requires it); the module's function does the rest (services/lifecycles.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.models import Role
from mobilex.tenancy import tenant_roles
from services import booking, carpool, tus, workshops
from services.models import Booking, Registration, Ride, RidePassenger, RideRequest, Trip
from services.views.common import render_form, show_errors


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=255, required=False)

    def __init__(self, *args, reason_required, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


@dataclass(frozen=True)
class Cancellation:
    model: type[models.Model]
    cancel: Callable  # (obj, *, by, reason, request) -> None
    back: Callable  # obj -> (url name, pk)
    title: Callable  # obj -> str
    submit: str
    done: str
    reason_required: bool = True
    related: tuple[str, ...] = ()

    @tenant_roles(Role.TEAM)
    def view(self, request, antenna_slug, pk):
        """GET: the confirmation page; POST: cancel with the reason, then back."""
        scoped = self.model.objects.visible_to(request.membership).select_related(*self.related)
        obj = get_object_or_404(scoped, pk=pk)
        name, back_pk = self.back(obj)
        back = reverse(name, kwargs={"antenna_slug": antenna_slug, "pk": back_pk})
        form = CancelForm(
            request.POST if request.method == "POST" else None,
            reason_required=self.reason_required,
        )
        if request.method == "POST" and form.is_valid():
            try:
                self.cancel(
                    obj, by=request.user, reason=form.cleaned_data["reason"], request=request
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, str(self.done))
                return redirect(back)
        return render_form(request, form, title=self.title(obj), submit=self.submit, back=back)


def _unregister(registration, *, by, reason, request):
    promoted = workshops.cancel(registration=registration, by=by, reason=reason)
    if promoted is not None:
        messages.info(
            request,
            _("%(person)s quitte la liste d'attente et prend la place.")
            % {"person": promoted.beneficiary},
        )


booking_cancel = Cancellation(
    model=Booking,
    related=("vehicle",),
    cancel=lambda o, request, **why: booking.cancel(booking=o, **why),
    back=lambda o: ("services_booking", o.pk),
    title=lambda o: _("Annuler la réservation de %(vehicle)s ?") % {"vehicle": o.vehicle.name},
    submit=gettext_lazy("Annuler la réservation"),
    done=gettext_lazy("Réservation annulée ; le véhicule est libre."),
    reason_required=False,
).view

trip_cancel = Cancellation(
    model=Trip,
    related=("pickup", "dropoff"),
    cancel=lambda o, request, **why: tus.cancel(trip=o, **why),
    back=lambda o: ("services_trip", o.pk),
    title=lambda o: _("Annuler le trajet %(route)s ?") % {"route": o},
    submit=gettext_lazy("Annuler le trajet"),
    done=gettext_lazy("Trajet annulé ; le·la conducteur·rice et le véhicule sont libres."),
).view

ride_cancel = Cancellation(
    model=Ride,
    related=("origin", "destination"),
    cancel=lambda o, request, **why: carpool.cancel_ride(ride=o, **why),
    back=lambda o: ("services_ride", o.pk),
    title=lambda o: _("Annuler le covoiturage %(route)s ?") % {"route": o},
    submit=gettext_lazy("Annuler le covoiturage"),
    done=gettext_lazy("Covoiturage annulé ; prévenez les passager·ères."),
).view

ride_request_cancel = Cancellation(
    model=RideRequest,
    cancel=lambda o, request, **why: carpool.cancel_request(request=o, **why),
    back=lambda o: ("services_ride_request", o.pk),
    title=lambda o: _("Annuler la demande de covoiturage ?"),
    submit=gettext_lazy("Annuler la demande"),
    done=gettext_lazy("Demande annulée ; sa place éventuelle est libérée."),
).view

seat_cancel = Cancellation(
    model=RidePassenger,
    related=("beneficiary",),
    cancel=lambda o, request, **why: carpool.cancel_seat(seat=o, **why),
    back=lambda o: ("services_ride", o.ride_id),
    title=lambda o: _("Libérer la place de %(person)s ?") % {"person": o.beneficiary},
    submit=gettext_lazy("Libérer la place"),
    done=gettext_lazy("Place libérée."),
    reason_required=False,
).view

registration_cancel = Cancellation(
    model=Registration,
    related=("session", "beneficiary"),
    cancel=_unregister,
    back=lambda o: ("services_session", o.session_id),
    title=lambda o: (
        _("Désinscrire %(person)s de « %(session)s » ?")
        % {"person": o.beneficiary, "session": o.session.title}
    ),
    submit=gettext_lazy("Désinscrire"),
    done=gettext_lazy("Désinscription enregistrée."),
    reason_required=False,
).view
