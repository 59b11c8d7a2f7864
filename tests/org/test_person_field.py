"""Choosing a person by name: found among the people the form allows, or told why not."""

from __future__ import annotations

import pytest
from django import forms

from assure.actions.policy import ACTIONS
from assure.org.models import User
from assure.org.person_field import PersonField
from tests.conftest import World


class OwnerForm(forms.Form):
    owner = PersonField(label="Who owns it", noun="the owner of this action")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        owner = self.fields["owner"]
        assert isinstance(owner, PersonField)
        owner.queryset = ACTIONS.possible_owners()


def rename(user: User, first: str, last: str, job_title: str = "") -> User:
    user.first_name, user.last_name, user.job_title = first, last, job_title
    user.save()
    return user


def chosen(text: str) -> OwnerForm:
    form = OwnerForm({"owner": text})
    form.is_valid()
    return form


@pytest.mark.django_db
def test_a_full_name_finds_the_person(world: World) -> None:
    ivo = rename(world.user("practitioner"), "Ivo", "Jessop")
    for typed in ("Ivo Jessop", "  ivo   JESSOP ", "Ivo Jessop (practitioner)", "practitioner"):
        form = chosen(typed)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["owner"] == ivo


@pytest.mark.django_db
def test_a_shared_name_lists_the_people_to_choose_from(world: World) -> None:
    rename(world.user("practitioner"), "Ivo", "Jessop", "Social worker")
    other = rename(world.user("other_practitioner"), "Ivo", "Jessop", "Senior practitioner")
    error = chosen("Ivo Jessop").errors["owner"][0]
    assert error.startswith("More than one person who may be the owner of this action")
    assert "Ivo Jessop (practitioner): A Family Support, Social worker" in error
    assert "Ivo Jessop (other-practitioner): A Family Support, Senior practitioner" in error
    # Writing the one you mean as the error shows it chooses them.
    form = chosen("Ivo Jessop (other-practitioner)")
    assert form.is_valid() and form.cleaned_data["owner"] == other


@pytest.mark.django_db
def test_an_unknown_name_says_which_field(world: World) -> None:
    form = chosen("Nobody Known")
    assert form.errors["owner"] == [
        "No one who may be the owner of this action is called Nobody Known. "
        "Check the spelling of their full name, or enter their username"
    ]
    assert chosen("").errors["owner"] == ["Enter the name of the owner of this action"]


@pytest.mark.django_db
def test_someone_outside_the_forms_people_cannot_be_chosen(world: World) -> None:
    # "nobody" signs in but holds no role that opens case actions.
    rename(world.user("nobody"), "Nora", "Bloggs")
    error = chosen("Nora Bloggs").errors["owner"][0]
    assert error.startswith("Nora Bloggs cannot be the owner of this action here")
    assert chosen("nobody").errors["owner"][0].startswith("Nora Bloggs cannot be")
    # Someone who can no longer sign in is not found at all.
    leaver = rename(world.user("practitioner"), "Ivo", "Jessop")
    leaver.is_active = False
    leaver.save()
    assert chosen("Ivo Jessop").errors["owner"][0].startswith("No one who may be")


@pytest.mark.django_db
def test_the_input_suggests_only_the_people_it_may_name(world: World) -> None:
    rename(world.user("practitioner"), "Ivo", "Jessop")
    rename(world.user("nobody"), "Nora", "Bloggs")
    html = str(OwnerForm()["owner"])
    assert 'list="id_owner-people"' in html and '<datalist id="id_owner-people">' in html
    assert '<option value="Ivo Jessop (practitioner)">' in html
    assert "Nora Bloggs" not in html


@pytest.mark.django_db
def test_editing_a_case_shows_its_worker_by_name(world: World) -> None:
    from assure.org.forms import CaseForm

    rename(world.user("practitioner"), "Ivo", "Jessop")
    form = CaseForm(instance=world.cases["own"])
    assert 'value="Ivo Jessop (practitioner)"' in str(form["allocated_worker"])
    unchanged = CaseForm({"allocated_worker": "Ivo Jessop"}, instance=world.cases["own"])
    assert "allocated_worker" not in unchanged.changed_data
