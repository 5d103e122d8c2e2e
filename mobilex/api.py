"""What the API views share."""

from functools import cache

from django.db.models import ForeignKey


def membership_of(request):
    """The membership that TenancyMiddleware put on the request. The OpenAPI schema generator
    builds views from a request that went through no middleware: no membership, and every
    `visible_to(None)` is empty."""
    return getattr(request, "membership", None)


@cache
def holds_personal_data(model) -> bool:
    """A person, or a row that points to one (a booking, a trip, a referral…)."""
    from beneficiaries.models import Beneficiary

    return model is Beneficiary or any(
        isinstance(field, ForeignKey) and field.related_model is Beneficiary
        for field in model._meta.concrete_fields
    )


class AuditedReadsMixin:
    """For a viewset: every page of a list of people's rows is audited (one event naming the
    ids shown, never the data), and so is every row read alone."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if holds_personal_data(queryset.model):
            from beneficiaries import audit

            audit.record_list(
                actor=self.request.user, objects=page if page is not None else queryset
            )
        return page

    def get_object(self):
        obj = super().get_object()
        if holds_personal_data(type(obj)):
            from beneficiaries import audit

            audit.record(
                antenna_id=obj.antenna_id,
                actor=self.request.user,
                action=audit.Action.VIEW,
                obj=obj,
            )
        return obj
