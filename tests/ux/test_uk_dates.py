"""Dates are typed and shown the UK way: 30/09/2026 in a text box with that hint, never a picker."""

from __future__ import annotations

from datetime import date

from django import forms

from assure.core.forms import UK_DATE_HINT, GovukFormMixin
from assure.instruments.definitions import Question
from assure.instruments.engine import clean_answer


class _DateForm(GovukFormMixin, forms.Form):
    due = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}))


def test_a_date_is_a_text_box_with_the_uk_hint() -> None:
    html = str(_DateForm(initial={"due": date(2026, 9, 30)})["due"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="30/09/2026"' in html
    assert _DateForm().fields["due"].help_text == UK_DATE_HINT


def test_the_uk_form_and_iso_are_both_read() -> None:
    for typed in ("30/09/2026", "2026-09-30", "30/09/26"):
        form = _DateForm({"due": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["due"] == date(2026, 9, 30)


def test_month_first_is_refused_not_misread() -> None:
    assert not _DateForm({"due": "09/30/2026"}).is_valid()


def test_a_tool_date_answer_is_read_either_way_and_stored_iso() -> None:
    question = Question(key="seen_on", type="date", label="Date seen")
    assert clean_answer(question, "30/09/2026") == ("2026-09-30", "")
    assert clean_answer(question, "2026-09-30") == ("2026-09-30", "")
    value, problem = clean_answer(question, "next Tuesday")
    assert value is None and "30/09/2026" in problem
