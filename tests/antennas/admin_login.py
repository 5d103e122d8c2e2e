"""Log a platform administrator in the real way: allauth's login page, then the TOTP code."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from antennas.models import User
from tests.factories import DEMO_PASSWORD


def platform_admin(email="admin@example.org") -> tuple[User, str]:
    user = User.objects.create_superuser(email, DEMO_PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # now, between the tolerated steps before and after
    return format_hotp_value(hotp_value(secret, counter))


def log_in(client, user, secret):
    response = client.post("/accounts/login/", {"login": user.email, "password": DEMO_PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    client.post(response["Location"], {"code": current_code(secret)})
    return client
