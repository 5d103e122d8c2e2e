"""Workshops: sessions, registrations with a waiting list, the attendance sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from mobilex.tenancy import tenant_roles
from services import usage, workshops
from services.forms import RegistrationForm, SessionForm
from services.models import Registration, Session
from services.views.common import page_of, render_form, show_errors


def _sessions(request):
    return Session.objects.visible_to(request.membership).annotate(
        registered=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
        ),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        present=Count(
            "registrations", filter=Q(registrations__attendance=Registration.Attendance.PRESENT)
        ),
    )


@tenant_roles(Role.TEAM)
def session_list(request, antenna_slug):
    return render(
        request,
        "services/session_list.html",
        {"page": page_of(request, _sessions(request).order_by("-starts_at"))},
    )


@tenant_roles(Role.TEAM)
def session_create(request, antenna_slug):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.antenna = request.antenna
        session.save()
        messages.success(request, _("Atelier créé."))
        return redirect("services_session", antenna_slug=antenna_slug, pk=session.pk)
    return render_form(
        request,
        form,
        title=_("Nouvel atelier"),
        submit=_("Créer l'atelier"),
        back=reverse("services_sessions", kwargs={"antenna_slug": antenna_slug}),
    )


@tenant_roles(Role.TEAM)
def session_edit(request, antenna_slug, pk):
    session = get_object_or_404(Session.objects.visible_to(request.membership), pk=pk)
    capacity = session.capacity
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new_capacity = form.cleaned_data["capacity"]
                edited = form.save(commit=False)
                edited.capacity = capacity
                edited.save()
                workshops.change_capacity(session=edited, capacity=new_capacity)
                usage.record_session(edited)  # the date or kind may have changed
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Atelier mis à jour."))
            return redirect("services_session", antenna_slug=antenna_slug, pk=pk)
    return render_form(
        request,
        form,
        title=_("Modifier l'atelier"),
        submit=_("Enregistrer"),
        back=reverse("services_session", kwargs={"antenna_slug": antenna_slug, "pk": pk}),
    )


@tenant_roles(Role.TEAM)
def session_detail(request, antenna_slug, pk):
    session = get_object_or_404(_sessions(request), pk=pk)
    form = RegistrationForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            registration = workshops.register(
                session=session, beneficiary=form.cleaned_data["beneficiary"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if registration.status == Registration.Status.WAITING:
                messages.warning(request, _("Atelier complet : inscription en liste d'attente."))
            else:
                messages.success(request, _("Inscription enregistrée."))
            return redirect("services_session", antenna_slug=antenna_slug, pk=pk)
    registrations = session.registrations.select_related("beneficiary").order_by(
        "status", "created_at", "pk"
    )
    return render(
        request,
        "services/session_detail.html",
        {
            "session": session,
            "registrations": registrations,
            "form": form,
            "attendance_choices": Registration.Attendance.choices,
        },
        status=400 if form.errors else 200,
    )


@tenant_roles(Role.TEAM)
@require_POST
def attendance(request, antenna_slug, pk):
    session = get_object_or_404(Session.objects.visible_to(request.membership), pk=pk)
    marks = {}
    for key, value in request.POST.items():
        if key.startswith("attendance-") and key[11:].isdecimal():
            marks[int(key[11:])] = value
    try:
        changed = workshops.mark_attendance(session=session, marks=marks)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Feuille de présence enregistrée (%(n)s changement(s)).") % {"n": changed}
        )
    return redirect("services_session", antenna_slug=antenna_slug, pk=pk)
