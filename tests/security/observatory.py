"""A reproduction of the Mozilla HTTP Observatory header checks (mdn-http-observatory 1.4).

``negative_modifiers(response)`` returns the names of the checks that would cost points;
an empty list means no negative modifier. The real scanner needs a public host on ports
80/443, so the suite checks real Django responses with the same rules instead.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
SIX_MONTHS = 15_768_000
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "data:", "http:", "https:", "*"}


def parse_csp(header: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        tokens = part.strip().split()
        if tokens:
            policy[tokens[0].lower()] = tokens[1:]
    return policy


def set_cookies(response) -> list[tuple[str, dict, str]]:
    """``(name, morsel attributes, raw header)`` of every cookie the response sets."""
    result = []
    for name, morsel in response.cookies.items():
        raw = morsel.OutputString()
        parsed = SimpleCookie()
        parsed.load(raw)
        result.append((name, dict(morsel.items()), raw))
    return result


def negative_modifiers(response, *, https: bool = True) -> list[str]:
    problems: list[str] = []
    headers = response.headers

    # Content-Security-Policy
    csp_header = headers.get("Content-Security-Policy")
    if not csp_header:
        problems.append("csp-not-implemented")
    else:
        csp = parse_csp(csp_header)
        if csp.get("default-src") != ["'none'"]:
            problems.append("csp-default-src-not-none")
        for directive in ("script-src", "style-src", "default-src", "object-src"):
            unsafe = UNSAFE_SOURCES.intersection(csp.get(directive, []))
            if directive == "style-src":
                unsafe.discard("data:")
            if unsafe:
                problems.append(f"csp-{directive}-unsafe:{sorted(unsafe)}")
        if csp.get("object-src") != ["'none'"] and "default-src" not in csp:
            problems.append("csp-object-src-missing")
        if csp.get("frame-ancestors") != ["'none'"]:
            problems.append("csp-frame-ancestors-missing")
        if csp.get("base-uri") not in (["'none'"], ["'self'"]):
            problems.append("csp-base-uri-missing")
        if "form-action" not in csp:
            problems.append("csp-form-action-missing")

    # Cookies
    for name, attrs, _raw in set_cookies(response):
        lowered = name.lower()
        if https and not attrs.get("secure"):
            problems.append(f"cookie-without-secure:{name}")
        samesite = (attrs.get("samesite") or "").lower()
        if samesite not in {"lax", "strict"}:
            problems.append(f"cookie-samesite-missing-or-none:{name}")
        if ("sess" in lowered or "login" in lowered or "csrf" in lowered) and not attrs.get(
            "httponly"
        ):
            problems.append(f"cookie-session-without-httponly:{name}")
        if (
            https
            and lowered.startswith("__host-")
            and (attrs.get("domain") or attrs["path"] != "/")
        ):
            problems.append(f"cookie-host-prefix-violated:{name}")

    # Strict-Transport-Security
    if https:
        hsts = headers.get("Strict-Transport-Security", "")
        max_age = 0
        for part in hsts.split(";"):
            key, _, value = part.strip().partition("=")
            if key.lower() == "max-age" and value.isdigit():
                max_age = int(value)
        if max_age < SIX_MONTHS:
            problems.append("hsts-missing-or-short")

    # X-Content-Type-Options
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        problems.append("x-content-type-options-missing")

    # X-Frame-Options (or frame-ancestors, checked above)
    if headers.get("X-Frame-Options", "").upper() not in {"DENY", "SAMEORIGIN"}:
        problems.append("x-frame-options-missing")

    # Referrer-Policy
    if headers.get("Referrer-Policy", "").lower() not in PRIVATE_REFERRER_POLICIES:
        problems.append("referrer-policy-not-private")

    # Cross-Origin-Resource-Policy / -Opener-Policy / Permissions-Policy
    if headers.get("Cross-Origin-Resource-Policy") != "same-origin":
        problems.append("corp-not-same-origin")
    if headers.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append("coop-not-same-origin")
    if "camera=()" not in headers.get("Permissions-Policy", ""):
        problems.append("permissions-policy-missing")

    # Subresource integrity: nothing may load from another host at all.
    content_type = headers.get("Content-Type", "")
    if content_type.startswith("text/html"):
        html = response.content.decode()
        for marker in ('src="http', "src='http", 'href="//', 'src="//'):
            if marker in html:
                problems.append(f"external-resource:{marker}")
        if "<script>" in html or "style=" in html:
            problems.append("inline-script-or-style")
    return problems
