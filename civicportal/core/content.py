"""The content version: one value in the shared cache that changes with public content.

Whatever is rendered from public content and kept in the shared cache — whole anonymous
pages (``civicportal.cache``) and parts of personal pages (``civicportal.core.fragments``)
— is stored under a key that starts with the content version current when it was rendered.
The services that change public content (and the admin, through ``ScopedAdmin``) call
:func:`changed`; once their transaction commits, the version is replaced in the shared
cache, so the next lookup of every app server uses new keys: the old entries are never read
again and expire after their lifetime (``PAGE_CACHE_SECONDS``).

The shared cache is Django's ``default`` cache, chosen with ``CACHE_URL`` in the settings
(the database cache table by default, Redis for several app servers).

What a lookup costs: each process keeps the version it read last and its own copies of
the entries it read or wrote under it (at most ``COPIES_MAX``, each until its lifetime
ends). For ``PAGE_CACHE_VERSION_SECONDS`` (1 s by default) after reading the version it
trusts it: a page it holds a copy of, or knows it may not store (:func:`unstored`), costs
no round trip at all — as fast as the per-process page cache this replaced. After that
second the version is read again (only the version string when the process holds a copy,
in one ``get_many`` with the entry otherwise). So a change made on another app server is
seen here within ``PAGE_CACHE_VERSION_SECONDS``; on this server at once (:func:`changed`
publishes the new version in this process too). With 0 every lookup reads the version.

Writes that are not a change of public content in this sense (a seat counter on a sign-up,
``Shift.taken``) do not call :func:`changed`; the lifetime of an entry bounds how old such
a figure can be.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger("civicportal.content")

CACHE_ALIAS = "default"
VERSION_KEY = "civicportal:content-version"

# What this process knows: the content version it read or wrote last, when it last read it
# from the shared cache (time.monotonic()), and its own copies of entries under that
# version (name -> (expiry as time.time(), value)).
_seen = {"version": "", "checked": 0.0}
_copies: dict[str, tuple[float, Any]] = {}
COPIES_MAX = 300


def lifetime() -> int:
    """Seconds a rendered page or part stays in the shared cache; 0 switches caching off."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 30))


def _cache():
    return caches[CACHE_ALIAS]


def _new_version() -> str:
    return f"{time.time_ns():x}{secrets.token_hex(2)}"


def _key(version: str, name: str) -> str:
    return f"{version}:{name}"


def changed() -> None:
    """Public content changes in the current transaction: give it a new content version
    once the transaction commits (at once outside a transaction)."""
    transaction.on_commit(publish_new_version)


def publish_new_version() -> str:
    """Replace the content version now (after a commit, or after bulk loads of data)."""
    value = _new_version()
    try:
        _cache().set(VERSION_KEY, value, timeout=None)
    except Exception:  # the cache is down or has no table: entries still expire
        logger.warning("could not publish a new content version", exc_info=True)
    _saw(value)
    return value


def _saw(version: str) -> None:
    if version != _seen["version"]:
        _copies.clear()
    _seen["version"] = version
    _seen["checked"] = time.monotonic()


def version_seconds() -> float:
    """How long this process trusts the content version it read last without asking the
    shared cache again (``PAGE_CACHE_VERSION_SECONDS``; 0: ask on every lookup)."""
    return float(getattr(settings, "PAGE_CACHE_VERSION_SECONDS", 0))


def current() -> str:
    """The content version in the shared cache ("" if the shared cache cannot be read)."""
    try:
        value = _cache().get(VERSION_KEY)
        if value is None:
            _cache().add(VERSION_KEY, _new_version(), timeout=None)
            value = _cache().get(VERSION_KEY, "")
    except Exception:
        logger.warning("the shared cache cannot be read; caching is off", exc_info=True)
        value = ""
    _saw(value)
    return value


#: A process's note that a name has nothing stored under the version (see :func:`unstored`).
NOTHING = object()


def _copy(name: str) -> Any:
    """This process's copy under the full key: the value, NOTHING, or None (no copy)."""
    found = _copies.get(name)
    if found is None:
        return None
    if found[0] <= time.time():
        del _copies[name]
        return None
    return found[1]


def _remember(name: str, stored: tuple[float, Any]) -> None:
    if len(_copies) >= COPIES_MAX:
        _copies.clear()
    _copies[name] = stored


def _keep(name: str, stored: Any) -> Any:
    """Keep a copy of an entry read from the shared cache; its value (None if none)."""
    if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], float)):
        return None  # nothing stored, or not written by store(): a miss
    _remember(name, stored)
    return stored[1]


def _value(copy: Any) -> Any:
    return None if copy is NOTHING else copy


def lookup(name: str) -> tuple[str, Any]:
    """``(content version, entry stored under name for it, or None)``.

    An empty version means the shared cache is unavailable: render, do not store.

    Usually one round trip or none: while the version this process read is younger than
    :func:`version_seconds`, it is trusted, and an entry this process holds a copy of (or
    knows to be :func:`unstored`) costs nothing; otherwise the version is read again,
    together with the entry unless this process holds a copy under that version (then
    only the short version string travels)."""
    guess = _seen["version"]
    if guess:
        key = _key(guess, name)
        trusted = time.monotonic() - _seen["checked"] < version_seconds()
        copy = _copy(key)
        try:
            if trusted:
                if copy is not None:
                    return guess, _value(copy)
                return guess, _keep(key, _cache().get(key))
            if copy is not None:
                if _cache().get(VERSION_KEY) == guess:
                    _seen["checked"] = time.monotonic()
                    return guess, _value(copy)
            else:
                found = _cache().get_many([VERSION_KEY, key])
                if found.get(VERSION_KEY) == guess:
                    _seen["checked"] = time.monotonic()
                    return guess, _keep(key, found.get(key))
        except Exception:
            logger.warning("the shared cache cannot be read; caching is off", exc_info=True)
            return "", None
    version = current()
    if not version:
        return "", None
    try:
        return version, _keep(_key(version, name), _cache().get(_key(version, name)))
    except Exception:
        return "", None


def unstored(version: str, name: str) -> None:
    """What was rendered for name under version may not be stored (an answer that is not
    the same for everyone): this process remembers that for the lifetime of an entry, so
    its next lookups of name cost no read of the shared cache. Another server that stores
    something under name is not seen here until then."""
    if version and version == _seen["version"]:
        _remember(_key(version, name), (time.time() + lifetime(), NOTHING))


def store(version: str, name: str, value: Any, timeout: int | None = None) -> None:
    """Keep value under name for version (what :func:`lookup` returned before rendering)."""
    if not version:
        return
    seconds = lifetime() if timeout is None else timeout
    stored = (time.time() + seconds, value)
    try:
        _cache().set(_key(version, name), stored, timeout=seconds)
    except Exception:
        logger.warning("could not store %s in the shared cache", name, exc_info=True)
        return
    if version == _seen["version"]:
        _remember(_key(version, name), stored)


def forget() -> None:
    """Forget the version this process saw and its copies (tests that swap the cache)."""
    _seen["version"] = ""
    _seen["checked"] = 0.0
    _copies.clear()
