"""One way to choose a person on any form: type their name.

People know their colleagues by name, not by the username Assure keeps, so a
person field takes a full name ("Ivo Jessop"), a username, or the "Name
(username)" form its suggestions offer, and finds that person among the ones
the form's policy allows. The suggestions are a `<datalist>`: browsers offer
them as the person types, and without JavaScript (or without a browser that
shows them) the field is a plain text input that still works. When two people
share a name the error lists them, with their team and job title, so the user
can pick the one they mean.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import User

# "Ivo Jessop (ijessop)": the name, then the username in brackets.
_WITH_USERNAME = re.compile(r"^(?P<name>.*?)\s*\((?P<username>[^()\s]+)\)\s*$")
_SPACES = re.compile(r"\s+")


def person_choice(person: User) -> str:
    """How a person is written in the suggestions and in an error: unique by username."""
    name = person.get_full_name().strip()
    return f"{name} ({person.username})" if name else person.username


def person_description(person: User) -> str:
    """The person with what tells two people of one name apart: team and job title."""
    where = ", ".join(x for x in (str(person.team or ""), person.job_title) if x)
    return f"{person_choice(person)}: {where}" if where else person_choice(person)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


class PersonInput(forms.TextInput):
    """A text input with the people it may name as suggestions (a `<datalist>`)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.people: QuerySet[User] = User.objects.none()

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-people"
        attrs["list"] = list_id
        html = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"></option>',
            ((person_choice(p),) for p in self.people),
        )
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


class PersonField(forms.Field):
    """A person chosen by name among `queryset`, which the form sets from its policy.

    `noun` names the role in error messages ("the owner", "the auditor"), so each
    error says which field it is about even away from the form.
    """

    widget = PersonInput

    def __init__(
        self,
        *,
        queryset: QuerySet[User] | None = None,
        noun: str = "the person",
        refusal: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("help_text", "Their full name, for example Sam Smith")
        messages = {"required": f"Enter the name of {noun}", **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=messages, **kwargs)
        self.noun = noun
        # Why a real person outside the queryset cannot be chosen here.
        self.refusal = refusal or f"Choose someone who may be {noun}"
        self.queryset = queryset if queryset is not None else User.objects.none()

    @property
    def queryset(self) -> QuerySet[User]:
        return self._queryset

    @queryset.setter
    def queryset(self, people: QuerySet[User]) -> None:
        self._queryset = people.filter(is_active=True).select_related("team")
        self.widget.people = self._queryset  # type: ignore[attr-defined]

    def __deepcopy__(self, memo: dict[int, Any]) -> PersonField:
        result = super().__deepcopy__(memo)
        result.queryset = self._queryset  # each form's copy suggests its own people
        return result  # type: ignore[no-any-return]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # A model form's initial value is the person's id: show who it is.
            value = User.objects.filter(pk=value).first() or ""
        return person_choice(value) if isinstance(value, User) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            chosen = self.to_python(data)
        except ValidationError:
            return True
        before = initial.pk if isinstance(initial, User) else initial
        return (before or None) != (chosen.pk if chosen else None)

    def to_python(self, value: Any) -> User | None:
        text = _SPACES.sub(" ", str(value or "")).strip()
        if not text:
            return None
        matches = self._matches(self._queryset, text)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(person_description(p) for p in matches[:10])
            raise ValidationError(
                f"More than one person who may be {self.noun} is called {text}: {listed}. "
                "Enter the one you mean as it is written here, with the username in brackets",
                code="ambiguous",
            )
        others = self._matches(User.objects.filter(is_active=True), text)
        if others:
            raise ValidationError(
                f"{others[0].get_full_name() or text} cannot be {self.noun} here. {self.refusal}",
                code="out_of_scope",
            )
        raise ValidationError(
            f"No one who may be {self.noun} is called {text}. "
            "Check the spelling of their full name, or enter their username",
            code="unknown",
        )

    @staticmethod
    def _matches(people: QuerySet[User], text: str) -> list[User]:
        """The people `text` names: by "Name (username)", by username, else by full name."""
        bracketed = _WITH_USERNAME.match(text)
        username = bracketed.group("username") if bracketed else text
        by_username = list(people.filter(username__iexact=username)[:2])
        if by_username:
            return by_username
        name = _normal(bracketed.group("name") if bracketed else text)
        if " " not in name:
            return []
        first_word = name.split(" ")[0]
        # Narrow in the database by the first word, then compare whole names here, so
        # "Mary Ann Smith" matches whichever way the name is split into first and last.
        candidates = people.filter(first_name__istartswith=first_word)[:200]
        return [p for p in candidates if _normal(f"{p.first_name} {p.last_name}") == name]
