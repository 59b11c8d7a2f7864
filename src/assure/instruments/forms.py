"""A Django form for any tool, rendered with GOV.UK Frontend components.

Every tool (audit tools, the chairs' QA forms, appreciative inquiry) is drawn by
this one form, so what it gets right (GOV.UK classes, honest "(optional)" labels,
errors that say which section they are in) every tool gets right.
"""

from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin, SummaryItem

from .definitions import Question, Section, ToolDefinition
from .engine import clean_answer

REQUIRED_MESSAGE = "Answer this question."


def _scale_hint(question: Question) -> str:
    """What the ends of a scale mean, so the numbers are not left to guess."""
    ends = []
    if question.min_label:
        ends.append(f"{question.min} means {question.min_label.lower()}")
    if question.max_label:
        ends.append(f"{question.max} means {question.max_label.lower()}")
    said = ", ".join(ends) + "." if ends else ""
    return " ".join(part for part in (question.hint, said[:1].upper() + said[1:]) if part)


def _field(question: Question, *, require: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.hint,
        "required": require and question.required,
        "error_messages": {"required": REQUIRED_MESSAGE},
    }
    field: forms.Field
    if question.type == "scale":
        assert question.min is not None and question.max is not None
        choices = [(str(n), str(n)) for n in range(question.min, question.max + 1)]
        common["help_text"] = _scale_hint(question)
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        field.scale = True  # type: ignore[attr-defined]  # drawn as one row (frontend/assure.scss)
    elif question.type == "choice":
        field = forms.ChoiceField(
            choices=[(o.value, o.label) for o in question.options],
            widget=forms.RadioSelect,
            **common,
        )
    elif question.type == "yes_no":
        choices = [("yes", "Yes"), ("no", "No")]
        if question.allow_na:
            choices.append(("n/a", "Not applicable"))
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    elif question.type == "date":
        field = forms.DateField(
            widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
            **common,
        )
    else:
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, **common
        )
    # A draft leaves every field optional, but a question needed for submission must
    # not be labelled "(optional)" (includes/field.html reads this).
    field.needed_to_submit = question.required  # type: ignore[union-attr]
    return field


class ToolForm(GovukFormMixin, forms.Form):
    """One field per question, named by question key.

    `require=False` is the draft mode: anything may be left blank, and what is
    given is still checked.
    """

    def __init__(
        self, tool: ToolDefinition, *args: Any, require: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tool = tool
        for question in tool.questions.values():
            self.fields[question.key] = _field(question, require=require)
        self.govuk_style()

    def responses(self) -> dict[str, Any]:
        """The cleaned answers in the engine's stored form (blanks left out)."""
        out: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            answer, _ = clean_answer(self.tool.questions[key], value if value != "" else None)
            if answer is not None:
                out[key] = answer
        return out

    def draft_responses(self) -> dict[str, Any]:
        """The answers for a draft: as `responses`, and None for a field sent blank, so
        that emptying a box clears its answer instead of keeping the old one."""
        out: dict[str, Any] = self.responses()
        for key in self.fields:
            if key in self.data and key not in out and self.data.get(key, "") == "":
                out[key] = None
        return out

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(s, [self[q.key] for q in s.questions]) for s in self.tool.sections]

    def section_of(self, key: str) -> tuple[int, Section] | None:
        for number, section in enumerate(self.tool.sections, start=1):
            if any(q.key == key for q in section.questions):
                return number, section
        return None

    def summary(self) -> list[SummaryItem]:
        """Every error, each naming its section, in the order of the form."""
        items = [SummaryItem("#form", str(e)) for e in self.non_field_errors()]
        for key, question in self.tool.questions.items():
            bound = self[key]
            place = self.section_of(key)
            where = f"Section {place[0]}, {place[1].title}: " if place else ""
            href = f"#{bound.auto_id}_0" if question.type in ("scale", "choice", "yes_no") else ""
            for error in bound.errors:
                if error == REQUIRED_MESSAGE:
                    text = f"{where}answer '{question.label}'"
                else:
                    text = f"{where}'{question.label}': {error}"
                items.append(SummaryItem(href or f"#{bound.id_for_label}", text))
        return items
