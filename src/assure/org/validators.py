"""What a username may be: the same rule for the pages, the staff import and the services."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

USERNAME = re.compile(r"[A-Za-z0-9.@_-]{1,150}")
USERNAME_RULE = "Use only letters, digits and . - _ @ (at most 150 characters)."


def username_problem(value: str) -> str:
    """Why `value` cannot be a username; '' when it can.

    Usernames appear in the trail, in pages and in file names of exports: a
    slash, angle brackets or spaces have no business there.
    """
    if not value:
        return "Enter a username."
    if not USERNAME.fullmatch(value):
        return USERNAME_RULE
    return ""


def validate_username(value: str) -> None:
    problem = username_problem(value)
    if problem:
        raise ValidationError({"username": problem})
