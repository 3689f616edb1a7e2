"""The role matrix itself (see ``tests/security/matrix.py`` for the outcomes and
``docs/permissions.md`` for the readable form).

Roles: anonymous, resident, volunteer, org_admin / org_member (admin / plain member of
the Chemnitz organisation "kassberg"), agency_staff (FreiwilligenAgentur Dortmund),
editor_chemnitz, editor_dortmund, funding_officer (Chemnitz), reviewer (Chemnitz),
superuser. Records: see ``tests/security/world.py``.
"""

from __future__ import annotations

from tests.security.matrix import (
    ADMIN,
    DENY,
    DONE,
    GONE,
    LOGIN,
    MOVED,
    NOPE,
    OK,
    SIGNED_IN,
    AdminRule,
    Row,
    only,
    public,
    roles,
    signed_in,
)
from tests.security.world import ROLES

#: a rejected form shown again with its errors (HTTP 422, the input contract)
INVALID = "INVALID"
U = None  # expectation not decided yet (discovery prints what happens)

ORG_STAFF = ["org_admin", "org_member"]
CHEMNITZ_EDITORS = ["editor_chemnitz", "superuser"]

# --- public and account pages ------------------------------------------------------------------

PAGES: dict[str, list[Row]] = {
    "home": [Row(public())],
    "healthz": [Row(public())],
    "imprint": [Row(public())],
    "privacy": [Row(public())],
    "accessibility": [Row(public())],
    "easy_language": [Row(public())],
    "sign_language": [Row(public())],
    "switch_language": [
        Row(roles(MOVED), kwargs=lambda w: {"code": "en"}),
        Row(roles(NOPE), kwargs=lambda w: {"code": "en"}, method="POST"),
    ],
    "search": [Row(public())],
    # „Mein Konto“ (civicportal/accounts)
    "accounts:overview": [Row(signed_in())],
    "accounts:profile": [Row(signed_in()), Row(signed_in(), method="POST")],
    "accounts:contributions": [Row(signed_in())],
    "accounts:organisations": [Row(signed_in())],
    "accounts:my_organisation": [Row(signed_in(MOVED))],
    "accounts:renew_calendar": [Row(signed_in(NOPE)), Row(signed_in(MOVED), method="POST")],
    # GDPR self-service
    "account_data:overview": [Row(signed_in())],
    "account_data:export": [Row(signed_in(NOPE)), Row(signed_in(OK), method="POST")],
    "account_data:delete": [
        Row(signed_in(MOVED)),
        Row(
            signed_in(
                OK,
                **dict.fromkeys(
                    [
                        "agency_staff",
                        "editor_chemnitz",
                        "editor_dortmund",
                        "funding_officer",
                        "reviewer",
                        "superuser",
                    ],
                    MOVED,
                ),
            ),
            method="POST",
            note="empty form: errors; staff: refused",
        ),
    ],
}


def _kw(**names):
    """Path arguments from world attributes: ``_kw(slug="initiative.slug")``."""

    def build(world):
        result = {}
        for key, spec in names.items():
            if isinstance(spec, int | str) and not (isinstance(spec, str) and "." in spec):
                result[key] = spec
                continue
            obj = world.o
            for part in spec.split("."):
                obj = getattr(obj, part)
            result[key] = obj
        return result

    return build


def R(kwargs=None, method="GET", expect=U, note="", private=(), private_for=()):
    return Row(
        expect,
        kwargs or (lambda w: {}),
        method,
        note,
        private=tuple(private),
        private_for=tuple(private_for),
    )


POST_ONLY = signed_in(NOPE)  # an action URL opened with GET
ALL_SIGNED_IN_MOVED = signed_in(MOVED)


def _apps() -> dict[str, list[Row]]:
    numic = {"slug": "initiative.slug"}
    idea = {"slug": "initiative.slug", "pk": "idea.pk"}
    other_idea = {"slug": "other_initiative.slug", "pk": "other_idea.pk"}
    return {
        # --- initiatives ----------------------------------------------------------------
        # Public uploads: the same answer for everyone; a missing file (or a private
        # upload's path) is a 404 (served files: tests/civicportal/test_layout_fixes.py).
        "media": [R(lambda w: {"path": "bilder/gibt-es-nicht.png"}, expect=roles(GONE))],
        "initiatives:list": [R(expect=public(), private=["Unveröffentlicht"], private_for=ROLES)],
        "initiatives:feed": [R(expect=public())],
        "initiatives:unsubscribe": [
            R(_kw(token="ungueltig-geraten"), expect=roles(GONE), note="guessed token")
        ],
        "initiatives:detail": [
            R(_kw(**numic), expect=public()),
            R(_kw(slug="other_initiative.slug"), expect=public(), note="Dortmund, public"),
            R(
                _kw(slug="draft_initiative.slug"),
                expect=only(CHEMNITZ_EDITORS, others=GONE, anon=GONE),
                note="unpublished: only its editors",
            ),
        ],
        "initiatives:follow": [
            R(_kw(**numic), expect=POST_ONLY),
            R(_kw(**numic), "POST", expect=ALL_SIGNED_IN_MOVED),
        ],
        "initiatives:unfollow": [
            R(_kw(**numic), expect=POST_ONLY),
            R(_kw(**numic), "POST", expect=ALL_SIGNED_IN_MOVED),
        ],
        "initiatives:initiative_feed": [R(_kw(**numic), expect=public())],
        "initiatives:initiative_ics": [R(_kw(**numic), expect=public())],
        "initiatives:update": [
            R(_kw(slug="initiative.slug", pk="update.pk"), expect=public()),
            R(
                _kw(slug="other_initiative.slug", pk="update.pk"),
                expect=roles(GONE),
                note="id under another initiative",
            ),
        ],
        "initiatives:ideas": [
            R(_kw(**numic), expect=public()),
            R(
                _kw(slug="draft_initiative.slug"),
                expect=only(CHEMNITZ_EDITORS, others=GONE, anon=GONE),
                note="unpublished",
            ),
        ],
        "initiatives:idea_create": [
            R(_kw(**numic), expect=POST_ONLY),
            R(_kw(**numic), "POST", expect=signed_in(DONE), note="empty form: errors"),
        ],
        "initiatives:idea": [
            R(_kw(**idea), expect=public(), private=["resident@example.org"], private_for=ROLES),
            R(
                _kw(slug="other_initiative.slug", pk="idea.pk"),
                expect=roles(GONE),
                note="id under another initiative",
            ),
            R(_kw(slug="initiative.slug", pk=999999), expect=roles(GONE), note="guessed id"),
        ],
        "initiatives:comment_create": [
            R(_kw(**idea), expect=POST_ONLY),
            R(_kw(**idea), "POST", expect=signed_in(DONE)),
        ],
        "initiatives:idea_support": [
            R(_kw(**idea), expect=POST_ONLY),
            R(
                _kw(**idea),
                "POST",
                expect=signed_in(MOVED, resident=DENY),
                note="the author cannot support their own idea",
            ),
        ],
        "initiatives:idea_unsupport": [
            R(_kw(**idea), expect=POST_ONLY),
            R(_kw(**idea), "POST", expect=ALL_SIGNED_IN_MOVED),
        ],
        "initiatives:idea_answer": [
            R(_kw(**idea), expect=POST_ONLY),
            R(_kw(**idea), "POST", expect=only(CHEMNITZ_EDITORS, INVALID)),
            R(
                _kw(**other_idea),
                "POST",
                expect=only(["editor_dortmund", "superuser"], INVALID),
                note="cross-tenant: Chemnitz editor on a Dortmund idea",
            ),
        ],
        "initiatives:report": [
            R(
                _kw(slug="initiative.slug", kind="idee", pk="idea.pk"),
                expect=signed_in(OK, resident=DENY),
                note="the form page; not on one's own idea",
            ),
            R(
                _kw(slug="initiative.slug", kind="idee", pk="idea.pk"),
                "POST",
                expect=signed_in(INVALID, resident=DENY, volunteer=MOVED),
                note="volunteer reported it already: told kindly, nothing stored",
            ),
        ],
        "initiatives:idea_edit": [
            R(_kw(**idea), expect=only(["resident"]), note="the author only"),
            R(_kw(**idea), "POST", expect=only(["resident"], INVALID), note="empty form"),
        ],
        "initiatives:idea_withdraw": [
            R(_kw(**idea), expect=POST_ONLY),
            R(_kw(**idea), "POST", expect=only(["resident"], MOVED), note="the author only"),
        ],
        "initiatives:comment_edit": [
            R(_kw(slug="initiative.slug", pk="comment.pk"), expect=only(["volunteer"])),
            R(
                _kw(slug="initiative.slug", pk="comment.pk"),
                "POST",
                expect=only(["volunteer"], INVALID),
                note="empty form",
            ),
        ],
        "initiatives:comment_delete": [
            R(_kw(slug="initiative.slug", pk="comment.pk"), expect=POST_ONLY),
            R(
                _kw(slug="initiative.slug", pk="comment.pk"),
                "POST",
                expect=only(["volunteer"], MOVED),
                note="the author only",
            ),
        ],
        "initiatives:moderate": [
            R(_kw(slug="initiative.slug", kind="idee", pk="idea.pk"), expect=POST_ONLY),
            R(
                _kw(slug="initiative.slug", kind="idee", pk="idea.pk"),
                "POST",
                expect=only(CHEMNITZ_EDITORS, INVALID),
            ),
            R(
                _kw(slug="other_initiative.slug", kind="idee", pk="other_idea.pk"),
                "POST",
                expect=only(["editor_dortmund", "superuser"], INVALID),
                note="cross-tenant",
            ),
        ],
        "initiatives:following": [R(expect=signed_in())],
        "initiatives:idea_unsubscribe": [
            R(_kw(token="geraten"), expect=roles(GONE), note="guessed token"),
            R(_kw(token="geraten"), "POST", expect=roles(GONE), note="guessed token"),
        ],
        "initiatives:events": [R(expect=public())],
        "initiatives:events_ics": [R(expect=public())],
        "initiatives:event_ics": [
            R(_kw(pk="event.pk"), expect=public()),
            R(_kw(pk=999999), expect=roles(GONE), note="guessed id"),
        ],
        "initiatives:event": [
            R(_kw(pk="event.pk"), expect=public()),
            R(_kw(pk=999999), expect=roles(GONE), note="guessed id"),
        ],
        # --- volunteering ---------------------------------------------------------------
        "volunteering:list": [R(expect=public())],
        "volunteering:matches": [
            R(expect=signed_in(MOVED, volunteer=OK), note="without a profile: to the profile")
        ],
        "volunteering:profile": [
            R(expect=signed_in()),
            R(method="POST", expect=signed_in(), note="empty form: errors"),
        ],
        "volunteering:mine": [
            R(
                expect=signed_in(),
                private=["Sven Stranger", "stranger@example.org", "Tafel Nordstadt"],
                private_for=SIGNED_IN,
            )
        ],
        "volunteering:hours_log": [
            R(expect=POST_ONLY),
            R(method="POST", expect=signed_in(INVALID), note="empty form: back with errors (422)"),
        ],
        "volunteering:certificate_issue": [
            R(expect=POST_ONLY),
            R(method="POST", expect=ALL_SIGNED_IN_MOVED),
        ],
        "volunteering:certificate_pdf": [
            R(_kw(code="certificate.code"), expect=only(["volunteer"], others=GONE)),
        ],
        "volunteering:verify": [R(expect=public())],
        "volunteering:verify_certificate": [
            R(_kw(code="certificate.code"), expect=public(), note="public check of a code"),
            R(_kw(code="GERATEN-123"), expect=roles(GONE), note="guessed code"),
        ],
        "volunteering:calendar_feed": [
            R(
                _kw(token="profile.calendar_token"),
                expect=public(),
                note="secret-token feed for calendar apps",
            ),
            R(_kw(token="geraten"), expect=roles(GONE), note="guessed token"),
        ],
        "volunteering:trainings": [R(expect=public())],
        "volunteering:consultation": [
            R(expect=public()),
            R(method="POST", expect=signed_in(GONE), note="no slot chosen"),
        ],
        "volunteering:booking_cancel": [
            R(_kw(pk="booking.pk"), expect=POST_ONLY),
            R(
                _kw(pk="booking.pk"),
                "POST",
                expect=only(["resident"], MOVED, others=GONE),
                note="only the person who booked",
            ),
        ],
        "volunteering:signup": [
            R(_kw(pk="shift.pk"), expect=POST_ONLY),
            R(_kw(pk="shift.pk"), "POST", expect=ALL_SIGNED_IN_MOVED),
        ],
        "volunteering:signup_cancel": [
            R(_kw(pk="signup.pk"), expect=POST_ONLY),
            R(
                _kw(pk="signup.pk"),
                "POST",
                expect=only(["volunteer"], MOVED, others=GONE),
                note="only the volunteer",
            ),
        ],
        "volunteering:signup_calendar": [
            R(_kw(pk="signup.pk"), expect=only(["volunteer"], others=GONE)),
        ],
        "volunteering:signup_attendance": [
            R(_kw(pk="signup.pk"), expect=POST_ONLY),
            R(_kw(pk="signup.pk"), "POST", expect=only(["org_admin"], MOVED, others=GONE)),
            R(
                _kw(pk="other_signup.pk"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's sign-up",
            ),
        ],
        "volunteering:signup_decide": [
            R(_kw(pk="signup.pk", decision="annehmen"), expect=POST_ONLY),
            R(
                _kw(pk="other_signup.pk", decision="annehmen"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's applicant",
            ),
        ],
        "volunteering:hours_decide": [
            R(_kw(pk="hours.pk"), expect=POST_ONLY),
            R(_kw(pk="hours.pk"), "POST", expect=only(["org_admin"], MOVED, others=GONE)),
        ],
        "volunteering:detail": [R(_kw(slug="opportunity.slug"), expect=public())],
        "volunteering:shift_create": [
            R(_kw(slug="opportunity.slug"), expect=POST_ONLY),
            R(
                _kw(slug="other_opportunity.slug"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's opportunity",
            ),
        ],
        "volunteering:shift_edit": [
            R(_kw(pk="shift.pk"), expect=POST_ONLY),
            R(
                _kw(pk="other_shift.pk"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's shift",
            ),
        ],
        "volunteering:shift_cancel": [
            R(_kw(pk="shift.pk"), expect=POST_ONLY),
            R(
                _kw(pk="other_shift.pk"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's shift",
            ),
        ],
        "volunteering:participants_message": [
            R(_kw(slug="opportunity.slug"), expect=POST_ONLY),
            R(
                _kw(slug="other_opportunity.slug"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's participants",
            ),
        ],
        "volunteering:opportunity_close": [
            R(_kw(slug="opportunity.slug"), expect=POST_ONLY),
            R(
                _kw(slug="other_opportunity.slug"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's opportunity",
            ),
        ],
        "volunteering:opportunity_publish": [
            R(_kw(slug="opportunity.slug"), expect=POST_ONLY),
            R(
                _kw(slug="other_opportunity.slug"),
                "POST",
                expect=only([], others=GONE),
                note="another organisation's opportunity",
            ),
        ],
        "organisations:register": [R(expect=signed_in())],
        "organisations:accept_invitation": [
            R(
                _kw(token="invitation.token"),
                expect=public(),
                note="secret token; without an account: links to sign up and back",
            ),
            R(_kw(token="geraten"), expect=roles(GONE), note="guessed token"),
        ],
        "organisations:detail": [
            R(
                _kw(slug="organisation.slug"),
                expect=public(),
                private=["volunteer@example.org", "Vera Volunteer"],
                private_for=[r for r in ROLES if r not in ("org_admin", "org_member", "volunteer")],
                note="applicants only for the organisation's own members",
            ),
            R(
                _kw(slug="other_organisation.slug"),
                expect=public(),
                private=["Sven Stranger", "stranger@example.org"],
                private_for=ROLES,
                note="Dortmund: no applicants shown to outsiders",
            ),
        ],
        "volunteering:opportunity_create": [
            R(_kw(slug="organisation.slug"), expect=only(["org_admin"], others=GONE)),
            R(
                _kw(slug="other_organisation.slug"),
                expect=only([], others=GONE),
                note="another organisation",
            ),
        ],
        "organisations:invite": [
            R(_kw(slug="organisation.slug"), expect=POST_ONLY),
            R(
                _kw(slug="organisation.slug"),
                "POST",
                expect=only(["org_admin"], INVALID, others=GONE),
            ),
        ],
        "organisations:edit": [
            R(_kw(slug="organisation.slug"), expect=only(["org_admin"], others=GONE)),
            R(
                _kw(slug="organisation.slug"),
                "POST",
                expect=only(["org_admin"], INVALID, others=GONE),
                note="empty form",
            ),
            R(
                _kw(slug="other_organisation.slug"),
                expect=only([], others=GONE),
                note="another organisation",
            ),
        ],
        "organisations:export": [
            R(_kw(slug="organisation.slug"), expect=only(["org_admin"], others=GONE)),
            R(
                _kw(slug="other_organisation.slug"),
                expect=only([], others=GONE),
                note="another organisation's participants",
            ),
        ],
        # --- funding --------------------------------------------------------------------
        "funding:programmes": [R(expect=public())],
        "funding:my_applications": [
            R(
                expect=signed_in(),
                private=["Nordstadt-Werkstatt"],
                private_for=SIGNED_IN,
            )
        ],
        "funding:apply": [
            R(_kw(call_pk="call.pk"), expect=signed_in()),
            R(_kw(call_pk=999999), expect=signed_in(GONE), note="guessed id"),
        ],
        "funding:application": [
            R(
                _kw(pk="application.pk"),
                expect=only(
                    ["org_admin", "org_member", "funding_officer", "reviewer", "superuser"],
                    others=GONE,
                ),
            ),
            R(
                _kw(pk="other_application.pk"),
                expect=only(["superuser"], others=GONE),
                note="cross-tenant: Dortmund organisation's application",
            ),
        ],
        "funding:application_edit": [
            R(
                _kw(pk="application.pk"),
                expect=only(["org_admin", "org_member"], MOVED, others=GONE),
                note="submitted: back to the application",
            ),
            R(_kw(pk="other_application.pk"), expect=only([], others=GONE), note="other org"),
        ],
        "funding:application_action": [
            R(_kw(pk="application.pk", action="submit"), expect=POST_ONLY),
            R(
                _kw(pk="application.pk", action="submit"),
                "POST",
                expect=only(["org_admin", "org_member"], MOVED, others=GONE),
            ),
            R(
                _kw(pk="other_application.pk", action="submit"),
                "POST",
                expect=only([], others=GONE),
                note="other organisation",
            ),
            R(
                _kw(pk="application.pk", action="approve"),
                "POST",
                expect=only([], others=GONE),
                note="staff actions only in the back office",
            ),
        ],
        "funding:attachments": [
            R(_kw(pk="application.pk"), expect=POST_ONLY),
            R(_kw(pk="other_application.pk"), expect=POST_ONLY),
        ],
        "funding:attachment": [
            R(
                _kw(pk="application.pk", attachment="attachment.pk"),
                expect=only(
                    ["org_admin", "org_member", "funding_officer", "reviewer", "superuser"],
                    others=GONE,
                ),
            ),
            R(
                _kw(pk="other_application.pk", attachment="attachment.pk"),
                expect=only([], others=GONE),
                note="attachment id under another application",
            ),
        ],
        "funding:letter": [
            R(_kw(pk="application.pk"), expect=only([], others=GONE), note="no decision yet")
        ],
        "funding:proof": [
            R(
                _kw(pk="application.pk"),
                expect=only(["org_admin", "org_member"], MOVED, others=GONE),
                note="not approved yet: back to the application",
            )
        ],
        "funding:proof_line": [
            R(_kw(pk="application.pk", line=999999), expect=POST_ONLY),
            R(
                _kw(pk="application.pk", line=999999),
                "POST",
                expect=signed_in(GONE),
                note="guessed line id",
            ),
        ],
        "funding:confirmation": [
            R(
                _kw(pk="application.pk"),
                expect=only(
                    ["org_admin", "org_member", "funding_officer", "reviewer", "superuser"],
                    others=GONE,
                ),
            ),
            R(
                _kw(pk="other_application.pk"),
                expect=only(["superuser"], others=GONE),
                note="cross-tenant",
            ),
        ],
        "funding:issued_letter": [
            R(_kw(pk="application.pk", number=1), expect=only([], others=GONE), note="none issued")
        ],
        "funding:payment_request": [
            R(_kw(pk="application.pk"), expect=POST_ONLY),
            R(
                _kw(pk="application.pk"),
                "POST",
                expect=only(ORG_STAFF, INVALID, others=GONE),
                note="empty form: errors",
            ),
        ],
        "funding:receipt_add": [
            R(_kw(pk="application.pk"), expect=POST_ONLY),
            R(
                _kw(pk="application.pk"),
                "POST",
                expect=only(ORG_STAFF, MOVED, others=GONE),
                note="no proof due: back to the proof page",
            ),
        ],
        # the funding officer's case pages (funding/case_views.py)
        "funding:cases": [R(expect=only(["funding_officer", "superuser"], others=GONE))],
        "funding:case": [
            R(_kw(pk="application.pk"), expect=only(["funding_officer", "superuser"], others=GONE)),
            R(
                _kw(pk="other_application.pk"),
                expect=only(["superuser"], others=GONE),
                note="cross-tenant: Dortmund organisation's application",
            ),
        ],
        "funding:case_step": [
            R(
                _kw(pk="application.pk", action="start_review"),
                expect=only(["funding_officer", "superuser"], others=GONE),
                note="the confirmation page",
            ),
            R(
                _kw(pk="application.pk", action="start_review"),
                "POST",
                expect=only(["funding_officer", "superuser"], DONE, others=GONE),
            ),
            R(
                _kw(pk="application.pk", action="submit"),
                expect=only([], others=GONE),
                note="an applicant's action",
            ),
        ],
        "funding:case_assign": [
            R(_kw(pk="application.pk"), expect=POST_ONLY),
            R(
                _kw(pk="application.pk"),
                "POST",
                expect=only(["funding_officer", "superuser"], MOVED, others=GONE),
                note="no reviewer chosen: back with the error",
            ),
        ],
        "funding:case_note": [
            R(_kw(pk="application.pk"), expect=POST_ONLY),
            R(
                _kw(pk="application.pk"),
                "POST",
                expect=only(["funding_officer", "superuser"], INVALID, others=GONE),
                note="empty form: errors",
            ),
        ],
        "funding:case_message": [
            R(_kw(pk="application.pk"), expect=POST_ONLY),
            R(
                _kw(pk="application.pk"),
                "POST",
                expect=only(["funding_officer", "superuser"], INVALID, others=GONE),
                note="empty form: errors",
            ),
        ],
        "funding:case_amend": [
            R(_kw(pk="application.pk"), expect=only(["funding_officer", "superuser"], others=GONE)),
        ],
        "funding:case_decision": [
            R(_kw(pk="application.pk"), expect=only([], others=GONE), note="no decision yet"),
        ],
        "funding:case_decision_preview": [
            R(_kw(pk="application.pk"), expect=only([], others=GONE), note="no decision yet"),
        ],
        "funding:case_pay_request": [
            R(
                _kw(pk="application.pk", request_pk=999999),
                expect=only([], others=GONE),
                note="guessed id",
            ),
        ],
        "funding:review_declare": [
            R(_kw(pk="assignment.pk"), expect=POST_ONLY),
            R(_kw(pk="assignment.pk"), "POST", expect=only(["reviewer"], MOVED, others=GONE)),
        ],
        "funding:funded": [R(expect=public())],
        "funding:funded_csv": [R(expect=public())],
        "funding:reviews": [
            R(
                expect=signed_in(),
                private=["Kaßberg-Fest"],
                private_for=[r for r in SIGNED_IN if r not in ("reviewer",)],
                note="only one's own assignments",
            )
        ],
        "funding:review": [
            R(_kw(pk="assignment.pk"), expect=only(["reviewer"], others=GONE)),
            R(_kw(pk=999999), expect=signed_in(GONE), note="guessed id"),
        ],
        "funding:conflict": [
            R(_kw(pk="assignment.pk"), expect=POST_ONLY),
            R(_kw(pk="assignment.pk"), "POST", expect=only(["reviewer"], MOVED, others=GONE)),
        ],
        "funding:programme": [
            R(_kw(slug="programme.slug"), expect=public()),
            R(_kw(slug="geraten"), expect=roles(GONE), note="guessed slug"),
        ],
        "funding:call": [
            R(_kw(slug="programme.slug", pk="call.pk"), expect=public()),
            R(
                _kw(slug="programme.slug", pk="other_call.pk"),
                expect=roles(GONE),
                note="call id under another programme",
            ),
        ],
    }


def _accounts() -> dict[str, list[Row]]:
    staff = [
        "agency_staff",
        "editor_chemnitz",
        "editor_dortmund",
        "funding_officer",
        "reviewer",
        "superuser",
    ]
    return {
        "account_login": [R(expect=roles(MOVED, anonymous=OK))],
        "account_logout": [
            R(expect=roles(OK, anonymous=MOVED)),
            R(method="POST", expect=roles(MOVED)),
        ],
        "account_inactive": [R(expect=public())],
        "account_signup": [R(expect=roles(MOVED, anonymous=OK))],
        "account_reauthenticate": [R(expect=signed_in())],
        "account_request_reauthentication_code": [
            R(expect=signed_in(DENY), note="reauthentication by code is off")
        ],
        "account_confirm_reauthentication_code": [
            R(expect=signed_in(DENY), note="reauthentication by code is off")
        ],
        "account_email": [R(expect=signed_in())],
        "account_email_verification_sent": [R(expect=public())],
        "account_change_password": [R(expect=signed_in())],
        "account_set_password": [R(expect=signed_in(MOVED), note="has a password already")],
        "account_reset_password": [R(expect=public())],
        "account_confirm_login_code": [R(expect=signed_in(MOVED), note="login by code is off")],
        "account_confirm_email": [
            R(_kw(key="geraten"), expect=public(), note="guessed key: 'invalid link' page")
        ],
        "account_reset_password_from_key_done": [R(expect=public())],
        "account_reset_password_from_key": [
            R(_kw(uidb36="1", key="geraten"), expect=public(), note="guessed key: 'invalid'")
        ],
        "account_reset_password_done": [R(expect=public())],
        "mfa_index": [R(expect=signed_in())],
        "mfa_authenticate": [R(expect=signed_in(MOVED), note="only inside a login")],
        "mfa_reauthenticate": [
            R(
                expect=signed_in(MOVED, **dict.fromkeys(staff, OK)),
                note="staff have TOTP in these tests",
            )
        ],
        "mfa_activate_totp": [R(expect=signed_in(MOVED), note="asks for the password first")],
        "mfa_deactivate_totp": [
            R(expect=signed_in(GONE, **dict.fromkeys(staff, MOVED)), note="only with TOTP")
        ],
        "mfa_view_recovery_codes": [R(expect=signed_in(GONE), note="no recovery codes")],
        "mfa_generate_recovery_codes": [R(expect=signed_in(MOVED))],
        "mfa_download_recovery_codes": [R(expect=signed_in(GONE))],
    }


PAGES.update(_accounts())


def _notifications() -> dict[str, list[Row]]:
    return {
        # notifications (civicportal/notification_pages.py)
        "notifications:settings": [
            Row(signed_in()),
            Row(signed_in(), method="POST", note="empty form: errors at the fields"),
        ],
        "notifications:history": [Row(signed_in())],
        "notifications:unsubscribe": [
            R(_kw(token="geraten"), expect=roles(GONE), note="guessed token"),
            R(_kw(token="geraten"), "POST", expect=roles(GONE), note="guessed token"),
        ],
        # kept form input (civicportal/continuity.py)
        "resume_discard": [
            Row(roles(NOPE)),
            Row(roles(MOVED), method="POST", note="nothing kept: back home"),
        ],
    }


PAGES.update(_notifications())


def _optional() -> dict[str, list[Row]]:
    """Rows for URLs that a part was still changing when the matrix was last updated: they
    apply if the URL exists (a missing row would fail the coverage test anyway)."""
    from tests.security.matrix import walk

    names = {name for name, _route in walk()}
    rows = {
        "volunteering:opportunity_edit": [
            R(_kw(slug="opportunity.slug"), expect=only(["org_admin"], others=GONE)),
            R(
                _kw(slug="other_opportunity.slug"),
                expect=only([], others=GONE),
                note="another organisation",
            ),
        ],
    }
    return {name: value for name, value in rows.items() if name in names}


PAGES.update(_optional())
PAGES.update(_apps())


# --- admin -------------------------------------------------------------------------------------

EDITORS = ["editor_chemnitz", "editor_dortmund"]
AGENCY = ["agency_staff"]
OFFICERS = ["funding_officer"]
REVIEWERS = ["reviewer"]
ALL_STAFF = ["agency_staff", "editor_chemnitz", "editor_dortmund", "funding_officer", "reviewer"]

#: one rule per registered admin model (``app_label.model``); superusers may do everything
#: unless ``superuser_add``/``superuser_delete`` say otherwise.
ADMIN_MODELS: dict[str, AdminRule] = {
    # core
    "core.user": AdminRule(view=[], scoped=False, note="accounts: superusers only"),
    "core.municipality": AdminRule(
        view=ALL_STAFF, add=[], delete=[], objects=("chemnitz", "dortmund")
    ),
    "core.district": AdminRule(view=ALL_STAFF),
    "core.theme": AdminRule(view=ALL_STAFF, add=[], delete=[], scoped=False),
    "core.sdg": AdminRule(
        view=ALL_STAFF,
        add=[],
        delete=[],
        scoped=False,
        superuser_add=False,
        superuser_delete=False,
    ),
    "core.organisation": AdminRule(
        view=AGENCY + OFFICERS, objects=("organisation", "other_organisation")
    ),
    "core.staffmembership": AdminRule(view=[], scoped=False, note="roles: superusers only"),
    "core.staffinvitation": AdminRule(view=[], scoped=False, note="invitations: access admins"),
    "core.auditentry": AdminRule(
        view=[], add=[], delete=[], scoped=False, superuser_add=False, superuser_delete=False
    ),
    "account.emailaddress": AdminRule(view=[], scoped=False),
    "mfa.authenticator": AdminRule(view=[], scoped=False),
    "django_tasks_database.dbtaskresult": AdminRule(view=[], scoped=False, superuser_add=False),
    # portal pages (issue 7)
    "civicportal.accessibilitycontact": AdminRule(view=EDITORS),
    "civicportal.barrierreport": AdminRule(view=EDITORS, add=[], superuser_add=False),
    "civicportal.signlanguagevideo": AdminRule(view=EDITORS),
    # initiatives
    "initiatives.office": AdminRule(view=EDITORS),
    "initiatives.initiative": AdminRule(view=EDITORS, objects=("initiative", "other_initiative")),
    "initiatives.partner": AdminRule(view=EDITORS, delete=[], scoped=False),
    "initiatives.update": AdminRule(view=EDITORS, objects=("update",)),
    "initiatives.event": AdminRule(view=EDITORS, objects=("event",)),
    "initiatives.councildecision": AdminRule(view=EDITORS),
    "initiatives.idea": AdminRule(view=EDITORS, objects=("idea", "other_idea")),
    "initiatives.comment": AdminRule(view=EDITORS, objects=("comment",)),
    "initiatives.idearevision": AdminRule(
        view=EDITORS,
        add=[],
        delete=[],
        superuser_add=False,
        superuser_delete=False,
        objects=("idea_revision", "other_idea_revision"),
        note="earlier versions of edited ideas: read-only",
    ),
    "initiatives.report": AdminRule(view=EDITORS, add=[], superuser_add=False, objects=("report",)),
    # volunteering
    "volunteering.skill": AdminRule(view=AGENCY, scoped=False),
    "volunteering.opportunity": AdminRule(
        view=AGENCY, objects=("opportunity", "other_opportunity")
    ),
    "volunteering.signup": AdminRule(view=AGENCY, objects=("signup", "other_signup")),
    "volunteering.hoursentry": AdminRule(view=AGENCY, objects=("hours",)),
    "volunteering.certificate": AdminRule(
        view=[], add=[], scoped=False, superuser_add=False, objects=("certificate",)
    ),
    "volunteering.consultationslot": AdminRule(view=AGENCY, objects=("slot",)),
    "volunteering.booking": AdminRule(view=AGENCY, objects=("booking",)),
    "organisations.organisationinvitation": AdminRule(view=AGENCY, objects=("invitation",)),
    # funding
    "funding.programme": AdminRule(view=OFFICERS, objects=("programme", "other_programme")),
    "funding.call": AdminRule(view=OFFICERS, objects=("call", "other_call")),
    "funding.application": AdminRule(
        view=OFFICERS + REVIEWERS,
        add=[],
        delete=[],
        superuser_add=False,
        objects=("application", "other_application"),
        note="funding records are kept: only superusers delete",
    ),
}

STAFF_OK = roles(
    OK, anonymous=ADMIN, resident=ADMIN, volunteer=ADMIN, org_admin=ADMIN, org_member=ADMIN
)


def staff_only(allowed: list[str], ok: str = OK, *, others: str = DENY) -> dict[str, str]:
    """Admin pages: non-staff are sent to the admin login, ``allowed`` get ``ok``."""
    return only(allowed, ok, others=others, anon=ADMIN) | dict.fromkeys(
        ["resident", "volunteer", "org_admin", "org_member"], ADMIN
    )


def _editorial_rows(model: str, obj: str) -> dict[str, list[Row]]:
    """Revision (revert) and compare pages of an editorial model: a guessed version of a
    real record reveals nothing to anybody (404)."""
    return {
        f"admin:initiatives_{model}_{page}": [
            R(
                _kw(object_id=f"{obj}.pk", version_id=999999),
                expect=staff_only([]),
                note="guessed version",
            )
        ]
        for page in ("revision", "compare")
    }


ADMIN_PAGES: dict[str, list[Row]] = {
    **_editorial_rows("initiative", "initiative"),
    **_editorial_rows("update", "update"),
    **_editorial_rows("event", "event"),
    **_editorial_rows("councildecision", "initiative"),
    "admin:initiatives_initiative_preview": [
        R(_kw(object_id="initiative.pk"), expect=staff_only(CHEMNITZ_EDITORS)),
        R(
            _kw(object_id="initiative.pk"),
            "POST",
            expect=staff_only(CHEMNITZ_EDITORS),
            note="unsaved changes: the page, nothing stored",
        ),
    ],
    "admin:moderation_queue": [
        R(expect=staff_only([*EDITORS, "superuser"])),
        R(method="POST", expect=staff_only([*EDITORS, "superuser"], MOVED), note="no action"),
    ],
    "admin:markdown_preview": [
        R(expect=staff_only([*ALL_STAFF, "superuser"], NOPE)),
        R(method="POST", expect=staff_only([*ALL_STAFF, "superuser"])),
    ],
    "admin:session_ping": [R(expect=staff_only([*ALL_STAFF, "superuser"]))],
    "admin:index": [R(expect=STAFF_OK)],
    "admin:login": [
        R(
            expect=roles(DENY, anonymous=LOGIN),
            note="the portal login instead; signed-in non-staff: 403; staff: to the index",
        )
    ],
    "admin:logout": [
        R(
            expect=roles(
                NOPE, anonymous=DENY, resident=DENY, volunteer=DENY, org_admin=DENY, org_member=DENY
            )
        ),
        R(
            method="POST",
            expect=roles(
                OK, anonymous=DENY, resident=DENY, volunteer=DENY, org_admin=DENY, org_member=DENY
            ),
            note="non-staff: sent to the index",
        ),
    ],
    "admin:password_change": [R(expect=STAFF_OK)],
    "admin:password_change_done": [R(expect=STAFF_OK)],
    "admin:autocomplete": [
        R(
            expect=roles(
                DENY,
                anonymous=ADMIN,
                resident=ADMIN,
                volunteer=ADMIN,
                org_admin=ADMIN,
                org_member=ADMIN,
            ),
            note="no parameters: refused",
        )
    ],
    "admin:jsi18n": [R(expect=STAFF_OK)],
    "admin:view_on_site": [
        R(
            _kw(content_type_id=999999, object_id=1),
            expect=roles(
                GONE,
                anonymous=ADMIN,
                resident=ADMIN,
                volunteer=ADMIN,
                org_admin=ADMIN,
                org_member=ADMIN,
            ),
            note="guessed type",
        )
    ],
    "admin:app_list": [
        R(_kw(app_label="core"), expect=STAFF_OK),
        R(
            _kw(app_label="funding"),
            expect=only(OFFICERS + REVIEWERS + ["superuser"], anon=ADMIN, others=DENY)
            | dict.fromkeys(["resident", "volunteer", "org_admin", "org_member"], ADMIN),
        ),
    ],
    "admin:auth_user_password_change": [
        R(
            _kw(id="resident.pk"),
            expect=only(["superuser"], anon=ADMIN, others=DENY)
            | dict.fromkeys(["resident", "volunteer", "org_admin", "org_member"], ADMIN),
            note="another person's password: superusers only",
        )
    ],
}

# Staff invitations (civicportal/staff_onboarding.py): the token is the secret.
PAGES["staff_invitation"] = [
    R(_kw(token="geraten"), expect=roles(GONE), note="guessed token"),
]
