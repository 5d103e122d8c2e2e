"""The floor the page ratios of bench.beneficiaries are read against: a signed-in page that
does nothing but what Django does for every page (middleware, session, user) and answers
with the user's e-mail, beside the platform's own routes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from mobilex.urls import urlpatterns as platform


@login_required
def signed_in(request):
    return HttpResponse(request.user.email)


urlpatterns = [path("bench/signed-in/", signed_in), *platform]
