"""Helpers shared by the service pages."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from mobilex.bounds import clamp


def show_errors(form, error: ValidationError) -> None:
    """Put a module's ValidationError next to the form's fields (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def render_form(request, form, *, title, submit, back=None, intro="", status=None):
    return render(
        request,
        "services/form.html",
        {"form": form, "title": title, "submit": submit, "back": back, "intro": intro},
        status=status or (400 if form.is_bound and form.errors else 200),
    )


def page_of(request, queryset, per_page=50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def monday_of(request) -> date:
    raw = request.GET.get("week")
    try:
        day = clamp(date.fromisoformat(raw)) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())
