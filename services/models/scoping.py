"""What the models of the bouquet share: rows of one antenna for its team, and the one-point
range that lets an exclusion constraint compare ids without btree_gist."""

from django.db import models
from django.db.models import F, Func, Value


class AntennaScopedQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """Antenna rows for the antenna team; nothing for anyone else."""
        if membership is None or membership.antenna_id is None or not membership.is_antenna_team:
            return self.none()
        return self.filter(antenna_id=membership.antenna_id)


def one_point_range(field: str) -> Func:
    """`int8range(id, id, '[]')`: with `&&` it says "same id" in a GiST index, using core
    PostgreSQL only (the embedded server has no btree_gist)."""
    return Func(F(field), F(field), Value("[]"), function="int8range")
