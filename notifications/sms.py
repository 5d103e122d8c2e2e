"""SMS backends, chosen like Django's e-mail backends by the SMS_BACKEND setting:
console (development), locmem (tests), Brevo (the provider's transactional SMS REST API).

A backend's send() returns the provider's message id, or raises TransientError (worth trying
again later: 5xx, timeout, network) or PermanentError (4xx: the number or the request is wrong)."""

import json
import sys
import urllib.error
import urllib.request
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class TransientError(Exception):
    pass


class PermanentError(Exception):
    pass


class ConsoleBackend:
    def send(self, *, to: str, text: str) -> str:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()
        return "console"


outbox: list[dict] = []  # the locmem backend's sent messages, emptied by the tests


class LocmemBackend:
    def send(self, *, to: str, text: str) -> str:
        outbox.append({"to": to, "text": text})
        return f"locmem-{len(outbox)}"


class BrevoBackend:
    """POST {SMS_API_URL}/v3/transactionalSMS/sms with the `api-key` header. The key is sent,
    never written in an error or a log line."""

    path = "/v3/transactionalSMS/sms"

    def send(self, *, to: str, text: str) -> str:
        body = json.dumps(
            {
                "sender": settings.SMS_SENDER,
                "recipient": to.lstrip("+"),
                "content": text,
                "type": "transactional",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (SMS_API_URL is checked as http(s))
            settings.SMS_API_URL.rstrip("/") + self.path,
            data=body,
            method="POST",
            headers={
                "api-key": settings.SMS_API_KEY,
                "content-type": "application/json",
                "accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            reason = _reason(error)
            if error.code >= 500 or error.code == 429:
                raise TransientError(f"HTTP {error.code} {reason}") from None
            raise PermanentError(f"HTTP {error.code} {reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TransientError(
                f"{type(error).__name__}: {getattr(error, 'reason', error)}"
            ) from None
        return str(answer.get("messageId") or answer.get("reference") or "")


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        payload = json.loads(error.read() or b"{}")
    except ValueError:
        return error.reason or ""
    return str(payload.get("message") or payload.get("code") or error.reason or "")[:300]


@cache
def _backend_class(path: str):
    return import_string(path)


def backend():
    return _backend_class(settings.SMS_BACKEND)()
