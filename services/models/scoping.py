"""What the models of the bouquet share: rows of one antenna for its team, the one-point range
that lets an exclusion constraint compare ids without btree_gist, and the record of a
cancellation (services/lifecycles.py writes it)."""

from django.conf import settings
from django.contrib.postgres.fields import BigIntegerRangeField
from django.db import models
from django.db.models import F, Func, Value
from django.utils.translation import gettext_lazy as _


class AntennaScopedQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The antenna's rows. A membership speaking for a partner structure sees the rows of
        the people its structure referred, and no row that has no person. Which roles may
        open a page is the view's declaration (mobilex/access.py), not this."""
        if membership is None or membership.antenna_id is None:
            return self.none()
        rows = self.filter(antenna_id=membership.antenna_id)
        if membership.structure_id is None:
            return rows
        if not any(f.name == "beneficiary" for f in self.model._meta.concrete_fields):
            return self.none()
        return rows.filter(beneficiary__referring_structure_id=membership.structure_id)


def one_point_range(field: str) -> Func:
    """`int8range(id, id, '[]')`: with `&&` it says "same id" in a GiST index, using core
    PostgreSQL only (the embedded server has no btree_gist)."""
    return Func(F(field), F(field), Value("[]"), function="int8range")


def point(value) -> Func:
    """`int8range(value, value, '[]')` as a range expression: an id (`Value`, `F`, `OuterRef`)
    in the form a GiST index led by `one_point_range` is searched with `&&`, where a plain `=`
    on the id would leave that index unused."""
    return Func(
        value, value, Value("[]"), function="int8range", output_field=BigIntegerRangeField()
    )


class Cancellable(models.Model):
    """Who called it off, when and why."""

    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("annulé par"),
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("motif de l'annulation"), max_length=255, blank=True)

    class Meta:
        abstract = True
