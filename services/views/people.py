"""The person picker's search: a few matching people of the antenna, as an htmx fragment."""

import re

from django.shortcuts import render

from antennas.models import Role
from beneficiaries.search import tsquery
from mobilex.tenancy import tenant_roles
from services.picker import find, people


@tenant_roles(Role.TEAM)
def search(request, antenna_slug):
    name = request.GET.get("field", "")
    if not re.fullmatch(r"[a-z_]{1,40}", name):
        name = "beneficiary"
    text = request.GET.get(f"{name}_search", "")
    found, more = find(people(request.membership), text)
    return render(
        request,
        "services/_people_results.html",
        {"name": name, "found": found, "more": more, "searched": bool(tsquery(text))},
    )
