"""Pages of the messages: the person's answer page (no account), the antenna's message log
with retries, the antenna's wording of each message, and the provider's inbound SMS webhook."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from antennas.models import Role
from beneficiaries import audit
from mobilex.access import public
from mobilex.tenancy import tenant_roles
from notifications import events, letters, lifecycle, links, phones, sending
from notifications.forms import SAMPLE, MessageTemplateForm
from notifications.models import MessageTemplate, Notification
from services.models import Registration

LOG_SIZE = 100
EDITABLE = [
    "booking_confirmed",
    "rental_reminder",
    "return_reminder",
    "workshop_reminder",
    "place_freed",
    "trip_reminder",
    "driver_reminder",
]
WITH_LINK = {"rental_reminder", "workshop_reminder", "place_freed", "trip_reminder"}


@public  # the token in the SMS link is the credential
def answer(request, token):
    """A reminder's link, opened on a phone: confirm or cancel the place."""
    try:
        notification = links.open_link(token)
    except links.LinkError as error:
        return render(request, "notifications/answer.html", {"problem": str(error)}, status=410)
    event = links.event_of(notification)
    if request.method == "POST":
        try:
            notification = links.answer(token=token, choice=request.POST.get("choice", ""))
        except links.LinkError as error:
            return render(request, "notifications/answer.html", {"problem": str(error)}, status=400)
        return render(
            request, "notifications/answer.html", {"done": notification.link_answer, "event": event}
        )
    return render(
        request,
        "notifications/answer.html",
        {"notification": notification, "summary": links.summary(notification, event)},
    )


@tenant_roles(Role.TEAM)
def log(request, antenna_slug):
    """The antenna's latest messages, failures first when asked (a bounded list, newest first)."""
    rows = Notification.objects.visible_to(request.membership).select_related(
        "beneficiary", "user", "driver"
    )
    status = request.GET.get("status", "")
    if status in Notification.Status.values:
        rows = rows.filter(status=status)
    before = request.GET.get("before", "")
    if before.isdigit():
        rows = rows.filter(pk__lt=int(before))
    page = list(rows.order_by("-pk")[: LOG_SIZE + 1])
    return render(
        request,
        "notifications/log.html",
        {
            "rows": page[:LOG_SIZE],
            "next_before": page[LOG_SIZE - 1].pk if len(page) > LOG_SIZE else None,
            "status": status,
            "statuses": Notification.Status.choices,
        },
    )


@require_POST
@tenant_roles(Role.TEAM)
def retry(request, antenna_slug, pk):
    notification = get_object_or_404(Notification.objects.visible_to(request.membership), pk=pk)
    try:
        lifecycle.retry(notification=notification)
    except lifecycle.NotAllowed:
        messages.error(request, _("Seul un message en échec peut être renvoyé."))
    else:
        sending.enqueue(notification)
        messages.success(request, _("Le message est renvoyé."))
    return redirect("notification_log", antenna_slug=antenna_slug)


@tenant_roles(Role.TEAM)
def convocation(request, antenna_slug, pk):
    """The printable letter of one workshop registration (for a person with no phone or e-mail)."""
    registration = get_object_or_404(
        Registration.objects.visible_to(request.membership).select_related(
            "session__antenna", "beneficiary__commune"
        ),
        pk=pk,
        status=Registration.Status.REGISTERED,
    )
    audit.record(
        antenna_id=registration.antenna_id,
        actor=request.user,
        action=audit.Action.VIEW,
        obj=registration,
    )
    response = HttpResponse(letters.convocation_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convocation-{registration.pk}.pdf"'
    return response


@tenant_roles(Role.MANAGER)
def template_list(request, antenna_slug):
    own = {
        t.key: t
        for t in MessageTemplate.objects.visible_to(request.membership).filter(key__in=EDITABLE)
    }
    rows = [
        {
            "key": key,
            "label": events.SUBJECTS[key],
            "text": own[key].text if key in own else _default(key),
            "own": key in own,
        }
        for key in EDITABLE
    ]
    return render(request, "notifications/templates.html", {"rows": rows})


def _default(key: str) -> str:
    """The default wording with its variables shown as {{ name }}, as a manager edits it."""
    names = {name: "{{ " + name + " }}" for name in SAMPLE}
    return sending.render(antenna_id=0, template=key, context=names)


@tenant_roles(Role.MANAGER)
def template_edit(request, antenna_slug, key):
    if key not in EDITABLE:
        raise Http404
    instance = MessageTemplate.objects.visible_to(request.membership).filter(key=key).first()
    initial = None if instance else {"text": _default(key)}
    form = MessageTemplateForm(
        request.POST or None, instance=instance, initial=initial, needs_link=key in WITH_LINK
    )
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.antenna = request.antenna
        template.key = key
        template.save()
        messages.success(request, _("Message enregistré."))
        return redirect("notification_templates", antenna_slug=antenna_slug)
    return render(
        request,
        "notifications/template_form.html",
        {"form": form, "label": events.SUBJECTS[key], "key": key},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@tenant_roles(Role.MANAGER)
def template_reset(request, antenna_slug, key):
    MessageTemplate.objects.visible_to(request.membership).filter(key=key).delete()
    messages.success(request, _("Le texte par défaut est rétabli."))
    return redirect("notification_templates", antenna_slug=antenna_slug)


STOP_WORDS = {"STOP", "STOPSMS", "ARRET", "ARRÊT"}


@public  # the provider's secret in the URL is the credential
@csrf_exempt
@require_POST
def inbound_sms(request, secret):
    """The provider posts the answers people send to our number; STOP opts out. The URL carries
    a secret set in SMS_WEBHOOK_SECRET (the provider's webhooks are not signed)."""
    if not settings.SMS_WEBHOOK_SECRET or not hmac.compare_digest(
        secret, settings.SMS_WEBHOOK_SECRET
    ):
        raise Http404
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        payload = request.POST
    if not isinstance(payload, dict):
        return HttpResponseBadRequest("JSON object expected")
    sender = phones.e164(str(payload.get("from") or payload.get("msisdn") or ""))
    text = str(payload.get("text") or payload.get("message") or "").strip().upper()
    if sender is None:
        return HttpResponseBadRequest("unknown sender")
    if text.split()[:1] and text.split()[0] in STOP_WORDS:
        sending.record_stop(number=sender)
    return HttpResponse(status=204)
