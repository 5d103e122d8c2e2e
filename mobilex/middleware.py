"""Request guards shared by the whole site."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class AdminTwoFactorMiddleware:
    """The admin shows every antenna's people: a platform administrator (is_staff) opens no
    admin page before setting up TOTP, nor with a session opened without the TOTP code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and request.user.is_authenticated:
            guard = self._guard(request)
            if guard is not None:
                return guard
        return self.get_response(request)

    def _guard(self, request):
        user = request.user
        if not user.is_staff:
            return None  # the admin refuses them on its own
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.path})}")
        if not any(r.get("method") == "mfa" for r in get_authentication_records(request, user)):
            # Logged in before TOTP was set up, or by another way than the login page.
            logout(request)
            return redirect_to_login(request.get_full_path())
        return None


class PermissionsPolicyMiddleware:
    """The platform uses no camera, microphone, location or payment API: none is allowed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
