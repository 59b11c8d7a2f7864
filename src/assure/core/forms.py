"""Forms render as GOV.UK Frontend components: classes and error links set here once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    # CheckboxSelectMultiple is a RadioSelect to Django: it must come first.
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


class GovukFormMixin:
    """Adds GOV.UK classes and points each input at its hint and error text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.govuk_style()

    def govuk_style(self) -> None:
        """Style every field; forms that add fields after `__init__` call it again."""
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                uk_date(field)
            css = govuk_class(widget)
            present = widget.attrs.get("class", "").split()
            if css not in present:
                # The component's own class first: its error modifier is made from it.
                widget.attrs["class"] = " ".join([css, *present])
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                css = widget.attrs.get("class", "")
                if "--error" not in css and not govuk_class(widget).endswith("__input"):
                    # Radios and checkboxes show the error on their group, not each input.
                    suffix = govuk_class(widget) + "--error"
                    widget.attrs["class"] = f"{css} {suffix}".strip()
                widget.attrs["aria-invalid"] = "true"


UK_DATE_HINT = "For example, 30/09/2026"


def uk_date(field: forms.Field) -> None:
    """A date is typed and shown the UK way (30/09/2026), in a text box, never a date picker.

    The browser's picker shows the reader's locale (often month first) and
    cannot be relied on with a screen reader, so a date is a plain box with the
    UK form as its hint, as the GOV.UK service manual advises. The en-GB input
    formats still accept 30/09/2026, 30/09/26 and 2026-09-30, so scripts and
    older links posting ISO dates keep working.
    """
    widget = field.widget
    assert isinstance(widget, forms.DateInput)
    widget.input_type = "text"
    widget.format = "%d/%m/%Y"
    widget.attrs.setdefault("autocomplete", "off")
    widget.attrs.setdefault("spellcheck", "false")
    width = "govuk-input--width-10"
    if width not in widget.attrs.get("class", ""):
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {width}".strip()
    if not field.help_text:
        field.help_text = UK_DATE_HINT


def govuk_class(widget: forms.Widget) -> str:
    """The GOV.UK Frontend class of a widget's input element."""
    return next((c for t, c in _WIDGET_CLASSES.items() if isinstance(widget, t)), "govuk-input")


@dataclass(frozen=True)
class SummaryItem:
    """One line of an error summary: what is wrong, and the link to the field."""

    href: str
    text: str


def form_summary(form: forms.Form) -> list[SummaryItem]:
    """A plain form's errors for one page-wide error summary, each linked to its field."""
    items = [SummaryItem("#form", str(e)) for e in form.non_field_errors()]
    for bound in form:
        choices = isinstance(bound.field.widget, forms.RadioSelect)
        href = f"#{bound.auto_id}_0" if choices else f"#{bound.id_for_label}"
        items.extend(SummaryItem(href, f"{bound.label}: {e}") for e in bound.errors)
    return items


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        from . import site
        from .policy import has_perm
        from .roles import Perm

        # With local accounts switched off, a system administrator may still sign in
        # with a password, so that a broken Entra ID set-up never locks the council out.
        if site.LOCAL not in site.sign_in_methods() and not has_perm(user, Perm.MANAGE_STRUCTURE):
            raise forms.ValidationError(
                "This council signs in with Microsoft Entra ID. Use 'Sign in with your "
                "council account' instead.",
                code="local_off",
            )


class AuditTrailSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label="Summary contains", required=False, max_length=100)
    user = forms.CharField(label="Username", required=False, max_length=150)
    child_ref = forms.CharField(label="Child reference", required=False, max_length=40)
    action = forms.ChoiceField(label="What happened", required=False)
    date_from = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 2026-09-01",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import AuditEvent

        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", "Anything"), *AuditEvent.Action.choices]
