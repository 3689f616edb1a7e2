"""Cross-cutting protection: response headers, the staff MFA gate and rate limits.

Three middlewares, each small and configured from settings:

* :class:`SecurityHeadersMiddleware` adds the headers Django and django-csp do not set
  (``Permissions-Policy``, ``Cross-Origin-Resource-Policy``) and ``Cache-Control:
  no-store`` on pages that show a signed-in person's data.
* :class:`StaffSessionMiddleware` opens the admin only to staff who used their TOTP
  authenticator in this session (allauth MFA) and lets staff sessions expire after
  ``STAFF_SESSION_IDLE_SECONDS`` of inactivity.
* :class:`RateLimitMiddleware` limits posts to the URL names listed in
  :data:`RATE_LIMITS` per user (or per IP address for anonymous visitors) and answers
  with a friendly German page (status 429) that keeps the person oriented.

allauth limits login, signup and password reset itself (``ACCOUNT_RATE_LIMITS``); its
429 answers render the same ``429.html`` template.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from civicportal.models import RateLimitCounter

logger = logging.getLogger("civicportal.security")

# --- headers -------------------------------------------------------------------------------

#: Browser features the portal never uses: denied to every origin, the portal included.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "interest-cohort",
        "browsing-topics",
    )
)


class SecurityHeadersMiddleware:
    """Headers beyond Django's SecurityMiddleware and django-csp.

    * ``Permissions-Policy``: no camera, microphone, geolocation, payment, … anywhere.
    * ``Cross-Origin-Resource-Policy: same-origin``: other sites cannot embed our responses.
    * ``Cache-Control: no-store`` (unless the view set its own) on responses for a signed-in
      person, so shared computers and proxies keep no copy of personal pages (ASVS 14.3.2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response.headers["Cache-Control"] = "no-store, private"
        return response


# --- staff: MFA gate and short sessions ----------------------------------------------------


def mfa_used_in_session(request: HttpRequest) -> bool:
    """Did the signed-in user pass an MFA check (login or reauthentication) in this session?

    allauth records every authentication step in the session
    (``allauth.account.internal.flows.login.record_authentication``); a step with
    ``method == "mfa"`` is written by ``allauth.mfa.base.internal.flows.post_authentication``.
    """
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def _admin_prefix() -> str:
    return reverse("admin:index")


#: portal pages (GET) where staff see what only staff see: applications under review
STAFF_PAGES = frozenset(
    {
        "funding:application",
        "funding:attachment",
        "funding:reviews",
        "funding:review",
        "funding:cases",
        "funding:case",
        "funding:case_step",
        "funding:case_amend",
        "funding:case_decision",
        "funding:case_decision_preview",
        "funding:case_pay_request",
        "funding:letter",
        "funding:issued_letter",
    }
)
#: account pages (sign-in, the second factor itself, logout, own data) and the language
#: switch: a staff member posts there without TOTP (else the TOTP setup could not be reached)
STAFF_MFA_EXEMPT_PREFIXES = ("/konto/", "/sprache/")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def staff_acts(request: HttpRequest) -> bool:
    """Does this request of a staff member act as staff (so TOTP is required first)?

    The admin; every form a staff member sends on the portal (moderation, official
    answers, reviews, … — a staff account acts with its rights on every page); and the
    portal pages that show staff-only data (:data:`STAFF_PAGES`)."""
    if request.path.startswith(_admin_prefix()):
        return True
    if request.path.startswith(STAFF_MFA_EXEMPT_PREFIXES):
        return False
    if request.method not in _SAFE_METHODS:
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in STAFF_PAGES


_STAFF_RENEWED_KEY = "civicportal_staff_renewed"
STAFF_SESSION_RENEW_SECONDS = 60


class StaffSessionMiddleware:
    """Staff act only after TOTP (the admin, and every staff action on the portal, see
    :func:`staff_acts`); staff sessions expire sooner than residents'.

    * A staff user without an activated TOTP authenticator who opens ``/admin/`` is sent to
      set one up (``mfa_activate_totp``), then back.
    * One who has TOTP but did not use it in this session is sent to confirm a code
      (``mfa_reauthenticate``), then back.
    * A staff user's requests renew an idle timeout of ``STAFF_SESSION_IDLE_SECONDS``
      (default 30 minutes; the session is written at most once a minute); residents keep
      ``SESSION_COOKIE_AGE`` (14 days).

    * ``/admin/login/`` is not used: anonymous visitors are sent to allauth's login
      (rate limits, TOTP stage), signed-in non-staff get the 403 page.

    Place it after ``AuthenticationMiddleware`` and allauth's ``AccountMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.path == reverse("admin:login") and not (user and user.is_staff):
            return self._admin_login(request, user)
        if user is not None and user.is_authenticated and user.is_staff:
            self._renew_idle_timeout(request)
            if staff_acts(request):
                redirect = self._mfa_redirect(request)
                if redirect is not None:
                    return redirect
        return self.get_response(request)

    @staticmethod
    def _renew_idle_timeout(request: HttpRequest) -> None:
        """Restart the idle timeout, writing the session at most once per
        ``STAFF_SESSION_RENEW_SECONDS`` (a write costs three statements): the timeout
        then ends between 29 and 30 minutes after the last request."""
        now = int(time.time())
        renewed = request.session.get(_STAFF_RENEWED_KEY, 0)
        stale = not isinstance(renewed, int) or not 0 <= now - renewed < STAFF_SESSION_RENEW_SECONDS
        if stale:  # also when another server's clock wrote a time ahead of ours
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
            request.session[_STAFF_RENEWED_KEY] = now

    def _admin_login(self, request: HttpRequest, user) -> HttpResponse:
        """Django's admin login form would bypass allauth (its rate limits and the TOTP
        stage): anonymous visitors sign in through ``/konto/login/`` instead; signed-in
        people without staff rights get the 403 page (and no redirect loop)."""
        if user is not None and user.is_authenticated:
            raise PermissionDenied
        target = request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        query = urlencode({"next": target})
        return HttpResponseRedirect(f"{reverse('account_login')}?{query}")

    def _mfa_redirect(self, request: HttpRequest) -> HttpResponse | None:
        if not settings.STAFF_MFA_REQUIRED:
            return None
        if mfa_used_in_session(request) and has_totp(request.user):
            return None
        target = "mfa_reauthenticate" if has_totp(request.user) else "mfa_activate_totp"
        logger.info("admin needs TOTP: user %s sent to %s", request.user.pk, target)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")


# --- rate limits ---------------------------------------------------------------------------

#: POSTs to these URL names (``namespace:name``) are limited per user, or per IP address
#: for anonymous visitors: "count/period" with the period s, m, h or d. A test checks that
#: every name exists in the URL map. Login, signup and password reset are limited by
#: allauth (``ACCOUNT_RATE_LIMITS`` in settings).
RATE_LIMITS: dict[str, str] = {
    # participation (initiatives)
    "initiatives:idea_create": "10/h",
    "initiatives:comment_create": "30/h",
    "initiatives:idea_support": "60/h",
    "initiatives:idea_unsupport": "60/h",
    "initiatives:report": "20/h",
    "initiatives:follow": "60/h",
    "initiatives:unfollow": "60/h",
    # volunteering
    "volunteering:signup": "20/h",
    "volunteering:signup_cancel": "30/h",
    "volunteering:consultation": "10/h",  # POST books a consultation slot
    "volunteering:booking_cancel": "10/h",
    "volunteering:hours_log": "60/h",
    "volunteering:certificate_issue": "10/h",
    "organisations:register": "5/h",
    "organisations:invite": "30/h",  # sends e-mails
    # funding
    "funding:apply": "20/h",
    "funding:attachments": "60/h",  # uploads
    # account data
    "account_data:export": "10/h",
    "account_data:delete": "10/h",
}

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"(?P<count>[0-9]{1,9})/(?P<amount>[0-9]{1,9})?(?P<unit>[smhd])")
_LIMITED_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/h"`` → ``(10, 3600)``; also ``"5/30s"`` and ``"3/2m"``."""
    match = _RATE.fullmatch(rate)
    if match is None or int(match["count"]) < 1 or int(match["amount"] or 1) < 1:
        raise ValueError(f"Unreadable rate {rate!r}")
    return int(match["count"]), int(match["amount"] or 1) * _PERIODS[match["unit"]]


def client_ip(request: HttpRequest) -> str:
    """The client's address, counted the way allauth counts it (its rate limits and ours
    must agree): the trusted header if one is set, else the ``X-Forwarded-For`` entry
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` from the end (the proxy's view of the client), else
    ``REMOTE_ADDR``."""
    header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    if header:
        value = request.headers.get(header, "").strip()
        if value:
            return value
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count > 0 and len(forwarded) >= count and forwarded[-count]:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


_HIT_SQL = """
INSERT INTO civicportal_ratelimitcounter AS counter (key, "window", count, expires_at)
VALUES (%s, %s, 1, %s)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN counter."window" >= EXCLUDED."window" THEN counter.count + 1 ELSE 1 END,
    "window" = GREATEST(counter."window", EXCLUDED."window"),
    expires_at = GREATEST(counter.expires_at, EXCLUDED.expires_at)
RETURNING count
"""


def hit(scope: str, who: str, rate: str, *, now: float | None = None) -> tuple[bool, int]:
    """Count one attempt in a fixed window; ``(allowed, seconds until the window ends)``.

    One atomic statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``): concurrent
    requests of one person never lose a count. A request of an older window (clocks of
    two servers a little apart) counts in the newer one.
    """
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    window_end = (window + 1) * period
    retry_after = int(window_end - now) + 1
    key = f"{scope}:{who}:{period}"[:200]
    expires_at = datetime.fromtimestamp(window_end, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, [key, window, expires_at])
        (count,) = cursor.fetchone()
    return count <= limit, retry_after


def reset_rate_limits() -> None:
    """Forget every counter (tests, or after changing the limits)."""
    counters = RateLimitCounter.objects.all()
    counters._raw_delete(counters.db)  # one DELETE, no per-row signals


def _back_url(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


def rate_limited_response(request: HttpRequest, retry_after: int | None = None) -> HttpResponse:
    """The friendly 429 page (also used by allauth through ``handler429``)."""
    minutes = max(1, -(-(retry_after or 60) // 60))
    response = render(
        request,
        "429.html",
        {"retry_minutes": minutes, "back_url": _back_url(request)},
        status=429,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Applies :data:`RATE_LIMITS` (or ``settings.PORTAL_RATE_LIMITS`` when set) to posts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method not in _LIMITED_METHODS or not settings.PORTAL_RATE_LIMITS_ENABLED:
            return None
        match = request.resolver_match
        if match is None:
            return None
        rates = getattr(settings, "PORTAL_RATE_LIMITS", None) or RATE_LIMITS
        rate = rates.get(match.view_name)
        if rate is None:
            return None
        user = getattr(request, "user", None)
        who = f"u{user.pk}" if user is not None and user.is_authenticated else client_ip(request)
        allowed, retry_after = hit(match.view_name, who, rate)
        if allowed:
            return None
        logger.warning("rate limit %s (%s) reached by %s", match.view_name, rate, who)
        return rate_limited_response(request, retry_after)


# --- request sanity ------------------------------------------------------------------------


class NulByteInRequest(SuspiciousOperation):
    pass


class RequestSanityMiddleware:
    """Refuse requests whose parameters contain NUL bytes (400, Django's SuspiciousOperation).

    PostgreSQL cannot store NUL in text, and no form field has a use for it; Django's
    form ``CharField`` already rejects it, but a view that reads ``request.GET``/``POST``
    directly would pass it to the database and fail with a 500. Defence in depth.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        params = [request.GET]
        if request.method == "POST":
            params.append(request.POST)
        for query in params:
            for key, values in query.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise NulByteInRequest("NUL byte in a request parameter")
        if request.method == "POST":
            for upload in request.FILES.values():
                if "\x00" in (upload.name or ""):
                    raise NulByteInRequest("NUL byte in an upload's file name")
        return None


def handler429(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth looks up ``<ROOT_URLCONF>.handler429``; point it here."""
    return rate_limited_response(request)


# --- MFA secrets at rest ---------------------------------------------------------------------


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter with TOTP secrets and recovery-code seeds encrypted at rest.

    allauth stores them as given by ``encrypt()`` (plain text by default), so a database
    dump or a superuser's look at the admin would reveal every staff member's second
    factor. Fernet (AES-128-CBC + HMAC) with a key derived from ``SECRET_KEY``;
    ``SECRET_KEY_FALLBACKS`` still decrypt after a key rotation. Values written before
    this adapter (no prefix) are read as they are.
    """

    PREFIX = "fernet:"

    @staticmethod
    def _key(secret: str) -> bytes:
        digest = hashlib.sha256(b"civicportal.mfa:" + secret.encode()).digest()
        return base64.urlsafe_b64encode(digest)

    def _fernet(self):
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return MultiFernet([Fernet(self._key(secret)) for secret in secrets])

    def encrypt(self, text: str) -> str:
        return self.PREFIX + self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text
        return self._fernet().decrypt(encrypted_text[len(self.PREFIX) :].encode()).decode()
