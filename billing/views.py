"""Billing pages of the antenna team: the desk's cash and deposits, a person's account
(charges, payments, balance), receipts, the accountant's export and a rental's deposit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from beneficiaries import audit
from beneficiaries.models import Beneficiary
from billing import charges, deposits, documents, export, payments
from billing.forms import CancelPaymentForm, DamageForm, MonthForm, PaymentForm
from billing.models import Charge, Deposit, Payment
from mobilex import pagination
from mobilex.tenancy import tenant_roles
from services.models import Booking
from services.views.common import show_errors


def _audit(request, action, obj):
    audit.record(antenna_id=request.antenna.pk, actor=request.user, action=action, obj=obj)


def _people(request):
    return Beneficiary.objects.visible_to(request.membership)


@tenant_roles(Role.TEAM)
def home(request, antenna_slug):
    recent = Payment.objects.visible_to(request.membership).select_related("beneficiary", "payer")
    return render(
        request,
        "billing/home.html",
        {
            "held": deposits.held(
                request.antenna, among=Deposit.objects.visible_to(request.membership)
            ),
            # Newest first, a keyset page at a time along (antenna, created_at, id).
            "page": pagination.keyset_page(
                [recent],
                ordering=("-created_at", "-pk"),
                cursor=request.GET.get("cursor"),
                size=30,
                count=False,
            ),
            "month_form": MonthForm(initial={"month": timezone.localdate()}),
        },
    )


def _account(request, person, *, payment_form=None, damage_form=None, status=200):
    person = payments.with_balance(_people(request)).get(pk=person.pk)
    person_payments = (
        Payment.objects.filter(beneficiary=person)
        .select_related("payer", "received_by", "cancels")
        .order_by("year", "number")
    )
    return render(
        request,
        "billing/account.html",
        {
            "person": person,
            "charges": Charge.objects.filter(beneficiary=person).select_related("booking"),
            "payments": person_payments,
            "payment_form": payment_form or PaymentForm(antenna=request.antenna),
            "damage_form": damage_form or DamageForm(prefix="damage"),
            "cancel_form": CancelPaymentForm(),
            "year": timezone.localdate().year,
        },
        status=status,
    )


@tenant_roles(Role.TEAM)
def account(request, antenna_slug, pk):
    person = get_object_or_404(_people(request), pk=pk)
    _audit(request, audit.Action.VIEW, person)
    return _account(request, person)


@tenant_roles(Role.TEAM)
@require_POST
def payment_create(request, antenna_slug, pk):
    person = get_object_or_404(_people(request), pk=pk)
    form = PaymentForm(request.POST, antenna=request.antenna)
    if form.is_valid():
        try:
            payment = payments.record_payment(
                beneficiary=person, received_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            _audit(request, audit.Action.CREATE, payment)
            messages.success(
                request, _("Paiement enregistré : reçu n° %(n)s.") % {"n": payment.display_number}
            )
            return redirect("billing_account", antenna_slug=antenna_slug, pk=person.pk)
    return _account(request, person, payment_form=form, status=400)


@tenant_roles(Role.TEAM)
@require_POST
def charge_create(request, antenna_slug, pk):
    person = get_object_or_404(_people(request), pk=pk)
    if request.POST.get("kind") == Charge.Kind.MEMBERSHIP:
        charge = charges.charge_membership(
            beneficiary=person, year=timezone.localdate().year, created_by=request.user
        )
        _audit(request, audit.Action.CREATE, charge)
        return redirect("billing_account", antenna_slug=antenna_slug, pk=person.pk)
    form = DamageForm(request.POST, prefix="damage")
    if form.is_valid():
        charge = charges.charge_damage(
            beneficiary=person, created_by=request.user, **form.cleaned_data
        )
        _audit(request, audit.Action.CREATE, charge)
        return redirect("billing_account", antenna_slug=antenna_slug, pk=person.pk)
    return _account(request, person, damage_form=form, status=400)


def _payment(request, pk):
    return get_object_or_404(
        Payment.objects.visible_to(request.membership).select_related(
            "antenna__commune", "beneficiary", "payer", "received_by", "cancels"
        ),
        pk=pk,
    )


@tenant_roles(Role.TEAM)
@require_POST
def payment_cancel(request, antenna_slug, pk):
    payment = _payment(request, pk)
    form = CancelPaymentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Indiquez le motif de l'annulation."))
        credit = payments.cancel_payment(
            payment=payment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _audit(request, audit.Action.UPDATE, payment)
        messages.success(
            request, _("Paiement annulé : avoir n° %(n)s.") % {"n": credit.display_number}
        )
    return redirect("billing_account", antenna_slug=antenna_slug, pk=payment.beneficiary_id)


@tenant_roles(Role.TEAM)
def receipt(request, antenna_slug, pk):
    payment = _payment(request, pk)
    _audit(request, audit.Action.EXPORT, payment)
    prefix = "avoir" if payment.kind == Payment.Kind.CREDIT_NOTE else "recu"
    name = f"{prefix}-{payment.display_number}.pdf"
    return FileResponse(
        documents.receipt_pdf(payment).open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )


@tenant_roles(Role.TEAM)
def accountant_export(request, antenna_slug):
    form = MonthForm(request.GET)
    if not form.is_valid():
        return HttpResponse(" ".join(form.errors["month"]), status=400, content_type="text/plain")
    month = form.cleaned_data["month"]
    rows = export.payments_of(membership=request.membership, year=month.year, month=month.month)
    name = f"encaissements-{request.antenna.slug}-{month:%Y-%m}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(export.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        export.to_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _rental(request, pk):
    bookings = Booking.objects.visible_to(request.membership).filter(kind=Booking.Kind.RENTAL)
    return get_object_or_404(
        bookings.select_related("vehicle", "beneficiary").prefetch_related(
            Prefetch("charges", queryset=Charge.objects.filter(kind=Charge.Kind.RENTAL))
        ),
        pk=pk,
    )


@tenant_roles(Role.TEAM)
def booking_money(request, antenna_slug, pk):
    """A rental's deposit and charge, as check-out and check-in recorded them
    (billing.handover): there is nothing to do here by hand."""
    booking = _rental(request, pk)
    return render(
        request,
        "billing/booking.html",
        {
            "booking": booking,
            "deposit": Deposit.objects.filter(booking=booking).first(),
            "rental_charge": next(iter(booking.charges.all()), None),
        },
    )
