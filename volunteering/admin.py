"""Back office of the FreiwilligenAgentur (scoped to the staff member's municipalities)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.admin import ScopedAdmin, ScopedInline
from civicportal.core.models import StaffMembership
from volunteering import services
from volunteering.models import (
    Booking,
    Certificate,
    ConsultationSlot,
    HoursEntry,
    Opportunity,
    Shift,
    Signup,
    Skill,
)

AGENCY = frozenset({StaffMembership.Role.VOLUNTEER_COORDINATOR})


@admin.register(Skill)
class SkillAdmin(ScopedAdmin):
    staff_roles = AGENCY
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ShiftInlineForm(forms.ModelForm):
    class Meta:
        model = Shift
        fields = ["starts_at", "ends_at", "capacity", "place", "note"]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity < self.instance.taken:
            raise forms.ValidationError(
                _("Es sind schon %(taken)d Plätze vergeben; bitte erst Anmeldungen klären.")
                % {"taken": self.instance.taken}
            )
        return capacity


class ShiftInline(ScopedInline):
    model = Shift
    form = ShiftInlineForm
    staff_roles = AGENCY
    fields = ["starts_at", "ends_at", "capacity", "taken", "place", "note", "cancelled_at"]
    readonly_fields = ["taken", "cancelled_at"]


class OpportunityAdminForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "organisation",
            "initiative",
            "municipality",
            "district",
            "title",
            "slug",
            "summary",
            "description",
            "themes",
            "skills",
            "place",
            "is_remote",
            "time_commitment",
            "expected_hours",
            "minimum_age",
            "suitability",
            "languages",
            "accessibility_notes",
            "signup_mode",
            "waitlist_cutoff_hours",
            "is_published",
            "is_closed",
            "is_example",
        ]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        municipality = cleaned.get("municipality")
        if organisation and municipality and organisation.municipality_id != municipality.pk:
            self.add_error("municipality", _("Die Kommune muss die der Organisation sein."))
        if cleaned.get("is_published") and organisation and not organisation.is_verified:
            self.add_error(
                "is_published",
                _("Nur verifizierte Organisationen veröffentlichen. Bitte zuerst verifizieren."),
            )
        return cleaned


@admin.register(Opportunity)
class OpportunityAdmin(ScopedAdmin):
    staff_roles = AGENCY
    form = OpportunityAdminForm
    list_display = [
        "title",
        "organisation",
        "municipality",
        "time_commitment",
        "is_published",
        "is_closed",
        "is_example",
    ]
    list_filter = ["municipality", "is_published", "is_closed", "time_commitment", "is_example"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "municipality"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisation", "initiative"]
    filter_horizontal = ["themes", "skills"]
    inlines = [ShiftInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A raised capacity goes to the waitlist first; then the matching columns follow.
        for shift in form.instance.shifts.filter(starts_at__gt=timezone.now()):
            services.fill_from_waitlist(shift=shift)
        services.refresh_opportunity(opportunity_id=form.instance.pk)


class _DryRun(Exception):
    pass


class SignupAdminForm(forms.ModelForm):
    class Meta:
        model = Signup
        fields = ["volunteer", "shift", "message", "response"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The column is nullable only for erased accounts; a new sign-up needs a person.
        if "volunteer" in self.fields:
            self.fields["volunteer"].required = True

    def clean(self):
        cleaned = super().clean()
        volunteer, shift = cleaned.get("volunteer"), cleaned.get("shift")
        if self.instance.pk is None and volunteer and shift:
            # The service decides (capacity, overlap, age); try it and roll back.
            try:
                with transaction.atomic():
                    services.sign_up(volunteer=volunteer, shift=shift)
                    raise _DryRun
            except _DryRun:
                pass
            except services.VolunteeringError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(Signup)
class SignupAdmin(ScopedAdmin):
    """Sign-ups change through the services: adding signs up (capacity, waitlist,
    notices), deleting gives the place back to the waitlist."""

    staff_roles = AGENCY
    form = SignupAdminForm
    list_display = ["volunteer", "shift", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["volunteer__email", "shift__opportunity__title"]
    list_select_related = ["volunteer", "shift__opportunity"]
    autocomplete_fields = ["volunteer"]  # the shift: a select of the scoped shifts

    def get_readonly_fields(self, request, obj=None):
        fixed = ["status", "created_at", "decided_at", "cancelled_at", "reminder_sent_at"]
        return fixed if obj is None else ["volunteer", "shift", *fixed]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        signup = services.sign_up(volunteer=obj.volunteer, shift=obj.shift, message=obj.message)
        obj.pk = signup.pk
        obj.status = signup.status

    def delete_model(self, request, obj) -> None:
        services.remove_signup(signup=obj)

    def delete_queryset(self, request, queryset) -> None:
        for signup in queryset:
            services.remove_signup(signup=signup)


class HoursEntryAdminForm(forms.ModelForm):
    class Meta:
        model = HoursEntry
        fields = [
            "volunteer",
            "opportunity",
            "signup",
            "date",
            "hours",
            "description",
            "status",
            "decided_by",
            "decided_at",
            "created_at",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Entries of erased accounts keep volunteer NULL; new entries need a person.
        if "volunteer" in self.fields and (self.instance.pk is None or self.instance.volunteer_id):
            self.fields["volunteer"].required = True


@admin.register(HoursEntry)
class HoursEntryAdmin(ScopedAdmin):
    staff_roles = AGENCY
    form = HoursEntryAdminForm
    list_display = ["volunteer", "opportunity", "date", "hours", "status"]
    list_filter = ["status"]
    search_fields = ["volunteer__email", "opportunity__title"]
    list_select_related = ["volunteer", "opportunity"]
    autocomplete_fields = ["volunteer", "opportunity", "signup", "decided_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["holder_name", "year", "total_hours", "code", "issued_at"]
    search_fields = ["code", "holder_name"]
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class BookingInline(ScopedInline):
    model = Booking
    staff_roles = AGENCY
    fields = ["resident", "status", "topic", "phone", "outcome", "staff_notes"]
    readonly_fields = ["resident", "status", "topic", "phone"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ConsultationSlot)
class ConsultationSlotAdmin(ScopedAdmin):
    staff_roles = AGENCY
    list_display = [
        "starts_at",
        "municipality",
        "mode",
        "location",
        "counsellor",
        "is_published",
        "is_booked",
    ]
    list_filter = ["municipality", "mode", "is_published", "is_booked"]
    autocomplete_fields = ["counsellor"]
    date_hierarchy = "starts_at"
    inlines = [BookingInline]


class BookingAdminForm(forms.ModelForm):
    """A booking's state, notes and outcome; the state follows the rules of
    ``services.set_booking_status`` (checked here for a clear error at the field)."""

    class Meta:
        model = Booking
        fields = ["status", "outcome", "staff_notes", "referred_opportunities"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        slot = self.instance.slot
        if status == self.instance.status or slot is None:
            return status
        if status in (Booking.Status.HELD, Booking.Status.NO_SHOW) and (
            slot.starts_at > timezone.now()
        ):
            raise forms.ValidationError(
                _("Dieser Termin liegt in der Zukunft: er kann noch nicht stattgefunden haben.")
            )
        taken = (
            Booking.objects.filter(slot_id=slot.pk)
            .exclude(status=Booking.Status.CANCELLED)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if status == Booking.Status.BOOKED and taken:
            raise forms.ValidationError(_("Dieser Termin ist inzwischen anders vergeben."))
        return status


class WalkInForm(forms.ModelForm):
    """A consultation without a slot: a walk-in or an enquiry by phone or mail."""

    class Meta:
        model = Booking
        fields = [
            "municipality",
            "channel",
            "contact_name",
            "phone",
            "topic",
            "outcome",
            "referred_opportunities",
            "staff_notes",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            choice for choice in Booking.Channel.choices if choice[0] != Booking.Channel.ONLINE
        ]
        self.fields["channel"].initial = Booking.Channel.WALK_IN

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_name", "").strip():
            self.add_error("contact_name", _("Gib den Namen der Person an."))
        return cleaned


@admin.register(Booking)
class BookingAdmin(ScopedAdmin):
    """Consultations: booked online (state, outcome, notes) and recorded at the desk
    (walk-ins and enquiries, added here)."""

    staff_roles = AGENCY
    list_display = ["__str__", "municipality", "channel", "status", "created_at"]
    list_filter = ["status", "channel", "municipality", "slot__mode"]
    search_fields = ["resident__email", "contact_name", "topic"]
    list_select_related = ["slot", "resident", "municipality"]
    # ``resident`` is shown, never picked: a person picker would list residents' e-mail
    # addresses (issue 17); a walk-in is recorded by name (``contact_name``).
    autocomplete_fields = ["referred_opportunities"]
    form = BookingAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = WalkInForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return WalkInForm._meta.fields
        return [
            "slot",
            "municipality",
            "channel",
            "resident",
            "contact_name",
            "status",
            "topic",
            "phone",
            "outcome",
            "staff_notes",
            "referred_opportunities",
            "recorded_by",
            "created_at",
            "cancelled_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "slot",
            "municipality",
            "channel",
            "resident",
            "contact_name",
            "topic",
            "phone",
            "recorded_by",
            "created_at",
            "cancelled_at",
        ]

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        if not change:
            services.record_consultation(booking=obj, by=request.user)
            return
        wanted = obj.status
        obj.status = Booking.objects.get(pk=obj.pk).status
        super().save_model(request, obj, form, change)
        # The state through its service: only a cancellation frees the slot (and the agency
        # is told); „stattgefunden“ keeps it taken.
        services.set_booking_status(booking=obj, status=wanted)
        obj.refresh_from_db()
