"""The ephios side of ``make bench-peers`` (bench/peers.py); runs in ephios's own virtual
environment (var/bench-peers/venv), never in the portal's, and imports nothing of the
portal.

Commands (settings from the environment that bench/peers.py sets, ``ephios.settings``):

``generate --source URL``
    copies the portal's benchmark data (the database ``make bench`` generated at the same
    scale) into ephios through ephios's own models: every volunteer a ``UserProfile`` in
    one group „Helfende“, every opportunity an ``Event`` (published and open: active) that
    the group may view, every shift a ``Shift`` (instant sign-up: the flow
    ``instant_confirmation``, else ``request_confirm``; the structure ``uniform`` with the
    capacity as ``maximum_number_of_participants``) and every sign-up a
    ``LocalParticipation``. Ids are kept, so a shift or volunteer has the same number in
    both systems.
``sessions --users 1,2,3``
    signed-in sessions for these users, written to ephios's session table; prints
    ``{"user id": "session key"}`` as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import secrets
import sys
import time
from datetime import timedelta

GROUP_NAME = "Helfende"
UNUSABLE = "!bench-unusable"
EVENT_TYPE = "Engagement"
BATCH = 5000
AUTH_BACKEND = "ephios.extra.permissions.ObjectSupportingModelBackend"
# portal sign-up status -> ephios participation state (REQUESTED 0, CONFIRMED 1,
# USER_DECLINED 2, RESPONSIBLE_REJECTED 3); ephios has no waiting list and no no-show
STATES = {
    "pending": 0,
    "waitlisted": 0,
    "confirmed": 1,
    "attended": 1,
    "no_show": 1,
    "cancelled": 2,
    "declined": 3,
}


def log(message: str) -> None:
    print(f"[bench-peers ephios {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def setup() -> None:
    import django

    django.setup()


def source_rows(source: str, sql: str):
    """Rows of the portal's bench database, streamed (psycopg2: ephios's driver, see
    ``pgsql`` in its extras; with psycopg 3 its model log deadlocks on a query made while
    a parameter is being adapted)."""
    import psycopg2

    conn = psycopg2.connect(source)
    try:
        with conn.cursor(name="bench_peers") as cursor:
            cursor.itersize = BATCH
            cursor.execute(sql)
            yield from cursor
    finally:
        conn.close()


def source_marker(source: str) -> str:
    import psycopg2

    conn = psycopg2.connect(source)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT scale, seed, generated_at FROM bench_dataset ORDER BY id DESC LIMIT 1"
            )
            row = cursor.fetchone()
    finally:
        conn.close()
    return f"{row[0]:g}/{row[1]}/{row[2].isoformat()}"


def current_marker() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_peers_dataset"
            " (id serial PRIMARY KEY, source text NOT NULL, info jsonb NOT NULL)"
        )
        cursor.execute("SELECT source FROM bench_peers_dataset ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def generate(source: str) -> dict:
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from ephios.core.models import (
        AbstractParticipation,
        Event,
        EventType,
        LocalParticipation,
        Shift,
        UserProfile,
    )
    from guardian.models import GroupObjectPermission

    marker = source_marker(source)
    if current_marker() == marker:
        log(f"ephios already holds the data of {marker}; not regenerating")
        with connection.cursor() as cursor:
            cursor.execute("SELECT info FROM bench_peers_dataset ORDER BY id DESC LIMIT 1")
            info = cursor.fetchone()[0]
        return info if isinstance(info, dict) else json.loads(info)
    if UserProfile.objects.exists():
        raise SystemExit("bench-peers: the ephios database holds other data; drop it first")
    started = time.monotonic()
    info: dict = {"source": marker}
    with transaction.atomic():
        group = Group.objects.create(name=GROUP_NAME)
        event_type = EventType.objects.create(title=EVENT_TYPE)
        users = []
        memberships = []
        through = UserProfile.groups.through
        for pk, email, name in source_rows(
            source,
            "SELECT u.id, u.email, u.full_name FROM core_user u"
            " WHERE u.id IN (SELECT user_id FROM volunteering_volunteerprofile) ORDER BY u.id",
        ):
            users.append(UserProfile(id=pk, email=email, display_name=name, password=UNUSABLE))
            memberships.append(through(userprofile_id=pk, group_id=group.pk))
            if len(users) >= BATCH:
                UserProfile.objects.bulk_create(users)
                through.objects.bulk_create(memberships)
                users, memberships = [], []
        UserProfile.objects.bulk_create(users)
        through.objects.bulk_create(memberships)
        info["users"] = UserProfile.objects.count()
        log(f"users: {info['users']}")

        view_event = Permission.objects.get(codename="view_event", content_type__app_label="core")
        event_ct = ContentType.objects.get_for_model(Event)
        events, permissions = [], []
        for pk, title, summary, description, place, active in source_rows(
            source,
            "SELECT id, title, summary, description, place, is_published AND NOT is_closed"
            " FROM volunteering_opportunity ORDER BY id",
        ):
            events.append(
                Event(
                    id=pk,
                    title=title,
                    description=f"{summary}\n\n{description}",
                    location=place,
                    type_id=event_type.pk,
                    active=active,
                )
            )
            permissions.append(
                GroupObjectPermission(
                    group_id=group.pk,
                    permission_id=view_event.pk,
                    content_type_id=event_ct.pk,
                    object_pk=str(pk),
                )
            )
            if len(events) >= BATCH:
                Event.all_objects.bulk_create(events)
                GroupObjectPermission.objects.bulk_create(permissions)
                events, permissions = [], []
        Event.all_objects.bulk_create(events)
        GroupObjectPermission.objects.bulk_create(permissions)
        info["events"] = Event.all_objects.count()
        info["active_events"] = Event.objects.count()
        log(f"events: {info['events']} ({info['active_events']} active)")

        shifts = []
        for pk, event, starts, ends, capacity, mode in source_rows(
            source,
            "SELECT s.id, s.opportunity_id, s.starts_at, s.ends_at, s.capacity, o.signup_mode"
            " FROM volunteering_shift s JOIN volunteering_opportunity o"
            " ON o.id = s.opportunity_id ORDER BY s.id",
        ):
            shifts.append(
                Shift(
                    id=pk,
                    event_id=event,
                    meeting_time=starts - timedelta(minutes=15),
                    start_time=starts,
                    end_time=ends,
                    signup_flow_slug=(
                        "instant_confirmation" if mode == "instant" else "request_confirm"
                    ),
                    signup_flow_configuration={},
                    structure_slug="uniform",
                    structure_configuration={
                        "minimum_number_of_participants": 0,
                        "maximum_number_of_participants": capacity,
                    },
                )
            )
            if len(shifts) >= BATCH:
                Shift.objects.bulk_create(shifts)
                shifts = []
        Shift.objects.bulk_create(shifts)
        info["shifts"] = Shift.objects.count()
        log(f"shifts: {info['shifts']}")

        # LocalParticipation inherits AbstractParticipation (multi-table): Django cannot
        # bulk_create it, so the parent rows go in through bulk_create with the polymorphic
        # content type of the child, the child rows through the child model's own table.
        local_ct = ContentType.objects.get_for_model(LocalParticipation)
        child_table = LocalParticipation._meta.db_table
        ptr = LocalParticipation._meta.get_field("abstractparticipation_ptr").column
        user_column = LocalParticipation._meta.get_field("user").column
        parents, children = [], []

        def flush() -> None:
            AbstractParticipation.objects.bulk_create(parents)
            data = io.StringIO("".join(f"{pk}\t{user}\n" for pk, user in children))
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f'COPY "{child_table}" ("{ptr}", "{user_column}") FROM STDIN', data
                )

        for pk, shift, volunteer, status in source_rows(
            source,
            "SELECT id, shift_id, volunteer_id, status FROM volunteering_signup ORDER BY id",
        ):
            parents.append(
                AbstractParticipation(
                    id=pk,
                    shift_id=shift,
                    state=STATES.get(status, 2),
                    structure_data={},
                    polymorphic_ctype_id=local_ct.pk,
                )
            )
            children.append((pk, volunteer))
            if len(parents) >= BATCH:
                flush()
                parents, children = [], []
        flush()
        info["participations"] = AbstractParticipation.objects.count()
        log(f"participations: {info['participations']}")
        reset_sequences(
            [UserProfile, Event, Shift, AbstractParticipation, GroupObjectPermission, Group]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_peers_dataset (source, info) VALUES (%s, %s)",
                [marker, json.dumps(info)],
            )
            for model in (UserProfile, Event, Shift, AbstractParticipation, child_table):
                table = model if isinstance(model, str) else model._meta.db_table
                cursor.execute(f'ANALYZE "{table}"')
    info["seconds"] = round(time.monotonic() - started)
    log(f"generated in {info['seconds']} s")
    return info


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def sessions(user_ids: list[int]) -> dict[str, str]:
    """Signed-in sessions straight into the database (ephios's session engine is
    cached_db: a key missing from the cache is read from the table)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from ephios.core.models import UserProfile

    backend = settings.AUTHENTICATION_BACKENDS[0]
    assert backend == AUTH_BACKEND, backend
    store = SessionStore()
    expire = timezone.now() + timedelta(days=1)
    rows, keys = [], {}
    for user in UserProfile.objects.filter(pk__in=user_ids):
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys[str(user.pk)] = key
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


def queries(user_id: int, paths: list[str], shift: int) -> dict:
    """SQL statements and time of one signed-in request per page and of one sign-up, with
    Django's test client in this process (the second request of each is counted)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from ephios.core.models import UserProfile

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.force_login(UserProfile.objects.get(pk=user_id), backend=AUTH_BACKEND)
    result = {}
    for path in paths:
        client.get(path)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        result[path] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "sql_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000),
            "ms": round((time.perf_counter() - started) * 1000),
        }
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/shifts/{shift}/signup/", {"signup_choice": "sign_up", "quick_action": "1"}
        )
    result["signup"] = {
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "ms": round((time.perf_counter() - started) * 1000),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--source", required=True, help="URL of the portal's bench database")
    ses = sub.add_parser("sessions")
    ses.add_argument("--users", required=True, help="comma-separated user ids")
    que = sub.add_parser("queries")
    que.add_argument("--user", type=int, required=True)
    que.add_argument("--paths", required=True, help="comma-separated paths")
    que.add_argument("--shift", type=int, required=True, help="a shift the user may join")
    options = parser.parse_args(argv)
    setup()
    if options.command == "generate":
        result = generate(options.source)
    elif options.command == "queries":
        result = queries(options.user, options.paths.split(","), options.shift)
    else:
        result = sessions([int(pk) for pk in options.users.split(",") if pk])
    sys.stdout.write("BENCH_PEERS_JSON " + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
