"""The antenna's rules and solidarity price grid (managers)."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antennas.models import Role
from mobilex.tenancy import tenant_roles
from services.errors import constraint_message
from services.forms import PriceRuleForm, SettingsForm
from services.models import PriceRule
from services.rules import settings_for
from services.views.common import show_errors


@tenant_roles(Role.MANAGER)
def rates(request, antenna_slug):
    settings = settings_for(request.antenna)
    is_settings = request.method == "POST" and "save-settings" in request.POST
    is_price = request.method == "POST" and not is_settings
    settings_form = SettingsForm(request.POST if is_settings else None, instance=settings)
    price_form = PriceRuleForm(request.POST if is_price else None)
    if is_settings and settings_form.is_valid():
        settings_form.save()
        messages.success(request, _("Règles enregistrées."))
        return redirect("services_rates", antenna_slug=antenna_slug)
    if is_price and price_form.is_valid():
        data = price_form.cleaned_data
        try:
            with transaction.atomic():
                PriceRule.objects.update_or_create(
                    antenna=request.antenna,
                    vehicle_kind=data.pop("vehicle_kind"),
                    defaults=data,
                )
        except IntegrityError as error:
            show_errors(price_form, constraint_message(PriceRule, error, "reduced_price"))
        else:
            messages.success(request, _("Tarif enregistré."))
            return redirect("services_rates", antenna_slug=antenna_slug)
    prices = PriceRule.objects.visible_to(request.membership)
    return render(
        request,
        "services/rates.html",
        {"settings_form": settings_form, "price_form": price_form, "prices": prices},
        status=400 if settings_form.errors or price_form.errors else 200,
    )


@require_POST
@tenant_roles(Role.MANAGER)
def price_delete(request, antenna_slug, pk):
    rule = get_object_or_404(PriceRule.objects.visible_to(request.membership), pk=pk)
    rule.delete()
    messages.success(request, _("Tarif supprimé."))
    return redirect("services_rates", antenna_slug=antenna_slug)
