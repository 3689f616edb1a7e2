"""Explainable matching: rank open opportunities for a volunteer profile in the database.

The score is one SQL expression over denormalised columns of ``Opportunity`` (see
``docs/matching.md``); PostgreSQL computes it for the candidate rows, sorts and returns the
top rows. The reasons in words are derived afterwards, only for the rows shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Case, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteering.models import (
    AGE_BAND_MINIMUM,
    Language,
    Opportunity,
    Shift,
    Signup,
    Suitability,
    VolunteerProfile,
    slot_label,
    slots_of_mask,
)

WEIGHTS = {
    "interest": 40,
    "district": 25,
    "time": 20,
    "skill": 15,
    "remote": 10,
    "suitability": 10,
    "language": 5,
}
MATCH_LIMIT = 20


@dataclass
class Match:
    opportunity: Opportunity
    score: int
    reasons: list[str] = field(default_factory=list)


def _points(condition, weight: int) -> Case:
    return Case(When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField())


def _taken(volunteer, now):
    """The person's sign-ups for coming shifts that hold a place or wait for one."""
    return Signup.objects.filter(
        volunteer_id=volunteer,
        status__in=[*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED],
        shift__starts_at__gt=now,
    )


def match_queryset(profile: VolunteerProfile, interest_ids: list[int], skill_ids: list[int]):
    """Open, eligible opportunities for ``profile``, annotated with ``score``, best first.

    Never contains: unpublished or closed opportunities, opportunities without a future
    shift with a free place (full or past), or opportunities whose minimum age is above
    the lower bound of the profile's age band (no age band: only those without a
    minimum age).
    """
    now = timezone.now()
    age = AGE_BAND_MINIMUM.get(profile.age_band, 0)
    qs = Opportunity.objects.published().filter(open_until__gt=now, minimum_age__lte=age)
    if profile.municipality_id:
        # match_area is 0 for remote opportunities: "here, or remote from anywhere" stays
        # one index condition (see the opportunity_match index).
        areas = [profile.municipality_id, 0] if profile.wants_remote else [profile.municipality_id]
        qs = qs.filter(match_area__in=areas)
    elif not profile.wants_remote:
        qs = qs.filter(is_remote=False)

    # What the volunteer already signed up for (a few rows: a hashed anti-join).
    taken = _taken(profile.user_id, now).values("shift__opportunity_id")
    qs = qs.exclude(pk__in=taken)

    # Every column used below is in the opportunity_match index, so PostgreSQL ranks the
    # candidates with an index-only scan and a top-N sort, without reading table rows.
    core = Value(0)
    if interest_ids:
        core = core + _points(Q(theme_ids__overlap=interest_ids), WEIGHTS["interest"])
    if profile.district_id:
        core = core + _points(Q(district_id=profile.district_id), WEIGHTS["district"])
    if profile.availability_mask:
        core = core + _points(
            GreaterThan(F("slot_mask").bitand(profile.availability_mask), 0), WEIGHTS["time"]
        )
    if skill_ids:
        core = core + _points(Q(skill_ids__overlap=skill_ids), WEIGHTS["skill"])
    if profile.wants_remote:
        core = core + _points(Q(is_remote=True), WEIGHTS["remote"])
    extra = Value(0)
    if profile.suitability:
        extra = extra + _points(Q(suitability__overlap=profile.suitability), WEIGHTS["suitability"])
    if profile.languages:
        extra = extra + _points(Q(languages__overlap=profile.languages), WEIGHTS["language"])
    # A match needs at least one core reason; suitability and language only re-rank.
    qs = qs.annotate(core_score=core).filter(core_score__gt=0)
    return qs.annotate(score=F("core_score") + extra).order_by("-score", "next_open_start", "id")


def reasons_for(
    opportunity: Opportunity,
    profile: VolunteerProfile,
    interests: dict[int, str],
    skills: dict[int, str],
) -> list[str]:
    """The reasons in words, in the order of their weight."""
    reasons = []
    theme_names = [interests[pk] for pk in opportunity.theme_ids if pk in interests]
    if len(theme_names) == 1:
        reasons.append(_("passt zu deinem Interesse %(theme)s") % {"theme": theme_names[0]})
    elif theme_names:
        reasons.append(
            _("passt zu deinen Interessen %(themes)s") % {"themes": ", ".join(sorted(theme_names))}
        )
    if profile.district_id and opportunity.district_id == profile.district_id:
        reasons.append(_("in deinem Stadtbezirk"))
    common = opportunity.slot_mask & profile.availability_mask
    if common:
        weekday, daypart = slots_of_mask(common)[0]
        reasons.append(_("%(slot)s — da hast du Zeit") % {"slot": slot_label(weekday, daypart)})
    skill_names = [skills[pk] for pk in opportunity.skill_ids if pk in skills]
    if skill_names:
        reasons.append(
            _("braucht, was du kannst: %(skills)s") % {"skills": ", ".join(sorted(skill_names))}
        )
    if profile.wants_remote and opportunity.is_remote:
        reasons.append(_("auch von zu Hause aus möglich"))
    common_suitability = [s for s in opportunity.suitability if s in profile.suitability]
    if common_suitability:
        reasons.append(
            _("geeignet: %(labels)s")
            % {"labels": ", ".join(str(Suitability(s).label) for s in common_suitability)}
        )
    common_languages = [code for code in opportunity.languages if code in profile.languages]
    if common_languages:
        reasons.append(
            _("Sprache: %(languages)s")
            % {"languages": ", ".join(str(Language(c).label) for c in common_languages)}
        )
    return reasons


def _linked(through, target: str) -> tuple[ArraySubquery, ArraySubquery]:
    links = through.objects.filter(volunteerprofile_id=OuterRef("pk")).order_by(f"{target}_id")
    return ArraySubquery(links.values(f"{target}_id")), ArraySubquery(
        links.values(f"{target}__name")
    )


def profile_for_matching(user) -> VolunteerProfile | None:
    """``user``'s profile with its district and its interests and skills (ids and names),
    in one query; ``None`` without a profile."""
    interest_ids, interest_names = _linked(VolunteerProfile.interests.through, "theme")
    skill_ids, skill_names = _linked(VolunteerProfile.skills.through, "skill")
    return (
        VolunteerProfile.objects.filter(user=user)
        .select_related("district")
        .annotate(
            interest_ids=interest_ids,
            interest_names=interest_names,
            skill_ids=skill_ids,
            skill_names=skill_names,
        )
        .first()
    )


def matching_state(user) -> tuple | None:
    """Everything of ``user`` that their matches depend on besides public content, as a
    cache key: the profile's id and last change, its interests and skills, and the coming
    shifts the person holds or waits for; ``None`` without a profile.

    One hand-written statement: it runs on every visit of „für mich“, and the ORM would
    spend longer compiling its three sub-selects than PostgreSQL spends running them.
    """
    through_interests = VolunteerProfile.interests.through._meta.db_table
    through_skills = VolunteerProfile.skills.through._meta.db_table
    statuses = [str(status) for status in (*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED)]
    sql = f"""
        SELECT p.id, p.updated_at,
            ARRAY(SELECT theme_id FROM {through_interests}
                  WHERE volunteerprofile_id = p.id ORDER BY 1),
            ARRAY(SELECT skill_id FROM {through_skills}
                  WHERE volunteerprofile_id = p.id ORDER BY 1),
            ARRAY(SELECT g.shift_id FROM {Signup._meta.db_table} g
                  JOIN {Shift._meta.db_table} s ON s.id = g.shift_id
                  WHERE g.volunteer_id = p.user_id AND g.status = ANY(%s) AND s.starts_at > %s
                  ORDER BY 1)
        FROM {VolunteerProfile._meta.db_table} p WHERE p.user_id = %s
    """  # noqa: S608 - table names from model metadata; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [statuses, timezone.now(), user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, updated_at, interests, skills, shifts = row
    return (pk, updated_at.isoformat(), tuple(interests), tuple(skills), tuple(shifts))


def _names(profile: VolunteerProfile, kind: str) -> dict[int, str]:
    ids = getattr(profile, f"{kind}_ids", None)
    if ids is None:  # a profile not read by profile_for_matching()
        related = profile.interests if kind == "interest" else profile.skills
        return dict(related.values_list("pk", "name"))
    return dict(zip(ids, getattr(profile, f"{kind}_names"), strict=True))


# What the card and the reasons read of an opportunity shown as a match.
CARD_FIELDS = (
    "title",
    "next_open_start",
    "slug",
    "summary",
    "time_commitment",
    "is_remote",
    "is_example",
    "theme_ids",
    "skill_ids",
    "slot_mask",
    "suitability",
    "languages",
    "organisation__name",
    "district__name",
    "municipality__name",
)


def matches_for(profile: VolunteerProfile, *, limit: int = MATCH_LIMIT) -> list[Match]:
    """The best ``limit`` matches with their reasons.

    Two queries for a profile read by :func:`profile_for_matching` (two more otherwise,
    for its interests and skills): the ranking, an index-only scan of the
    ``opportunity_match`` index returning ids and scores; and the rows shown, with their
    organisation and free places.
    """
    interests = _names(profile, "interest")
    skills = _names(profile, "skill")
    ranked = list(
        match_queryset(profile, list(interests), list(skills)).values_list("pk", "score")[:limit]
    )
    if not ranked:
        return []
    rows = (
        Opportunity.objects.filter(pk__in=[pk for pk, _score in ranked])
        .select_related("organisation", "district", "municipality")
        .only(*CARD_FIELDS)
        .with_places_left()
        .in_bulk()
    )
    return [
        Match(
            opportunity=rows[pk],
            score=score,
            reasons=reasons_for(rows[pk], profile, interests, skills),
        )
        for pk, score in ranked
        if pk in rows
    ]
