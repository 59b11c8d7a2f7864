"""A Django form for any tool, rendered with GOV.UK Frontend components."""

from __future__ import annotations

from typing import Any

from django import forms

from .definitions import Question, ToolDefinition
from .engine import clean_answer


def _field(question: Question, *, require: bool) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.hint,
        "required": require and question.required,
    }
    if question.type == "scale":
        assert question.min is not None and question.max is not None
        choices = [(str(n), str(n)) for n in range(question.min, question.max + 1)]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.type == "choice":
        return forms.ChoiceField(
            choices=[(o.value, o.label) for o in question.options],
            widget=forms.RadioSelect,
            **common,
        )
    if question.type == "yes_no":
        choices = [("yes", "Yes"), ("no", "No")]
        if question.allow_na:
            choices.append(("n/a", "Not applicable"))
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, **common)


class ToolForm(forms.Form):
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

    def responses(self) -> dict[str, Any]:
        """The cleaned answers in the engine's stored form (blanks left out)."""
        out: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            answer, _ = clean_answer(self.tool.questions[key], value if value != "" else None)
            if answer is not None:
                out[key] = answer
        return out

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(s, [self[q.key] for q in s.questions]) for s in self.tool.sections]
