"""Forms of the initiatives part (participation and moderation)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import District
from initiatives.models import Comment, Idea


class IdeaForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "body", "district"]
        labels = {"title": _("Titel deiner Idee"), "body": _("Beschreibe deine Idee")}
        help_texts = {"body": _("Höchstens 4.000 Zeichen. HTML wird nicht dargestellt.")}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        field.queryset = District.objects.filter(municipality_id=initiative.municipality_id)
        field.label = _("Stadtteil")
        field.empty_label = _("kein bestimmter Stadtteil")
        field.required = False


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Dein Kommentar")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class ReplyForm(CommentForm):
    """A reply to a comment (one level); ``parent`` names the comment answered."""

    parent = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta(CommentForm.Meta):
        labels = {"body": _("Deine Antwort")}


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Was ist an diesem Beitrag problematisch?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationForm(forms.Form):
    ACTIONS = [
        ("hide", _("ausblenden")),
        ("restore", _("wieder einblenden")),
        ("approve", _("freigeben")),
    ]
    action = forms.ChoiceField(label=_("Aktion"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Begründung (öffentlich sichtbar)"),
        max_length=300,
        required=False,
        widget=forms.TextInput,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Bitte gib einen Grund an: er wird öffentlich angezeigt."))
        return cleaned


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Antwort"), choices=[(v, label) for v, label in Idea.Answer.choices if v]
    )
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Idea.Answer.NOT_ADOPTED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Bitte begründe, warum die Idee nicht übernommen wird."))
        return cleaned
