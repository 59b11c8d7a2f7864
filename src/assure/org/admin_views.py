"""The administrator's pages: the structure, people and cases, and importing them from CSV.

Roles are given on their own pages (`role_views`): a role is the key to
children's records, and its rules are stricter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from assure.core.access import requires
from assure.core.roles import Perm

from . import import_preview, services
from .forms import (
    AreaForm,
    CaseForm,
    DistrictForm,
    ImportForm,
    PersonForm,
    ServiceForm,
    TeamForm,
)
from .models import Area, Case, District, Service, Team, User
from .views import _query_without_page


@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    plural: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    columns: tuple[str, ...]
    related: tuple[str, ...] = ()


ENTITIES: dict[str, Entity] = {
    e.key: e
    for e in [
        Entity("areas", "area", "Areas", Area, AreaForm, ("name",)),
        Entity(
            "districts",
            "district",
            "Districts",
            District,
            DistrictForm,
            ("name", "area"),
            ("area",),
        ),
        Entity("services", "service", "Services", Service, ServiceForm, ("name", "kind")),
        Entity(
            "teams",
            "team",
            "Teams",
            Team,
            TeamForm,
            ("name", "service", "district"),
            ("service", "district"),
        ),
        Entity(
            "people",
            "person",
            "People",
            User,
            PersonForm,
            ("username", "first_name", "last_name", "team"),
            ("team",),
        ),
        Entity(
            "cases",
            "case",
            "Cases",
            Case,
            CaseForm,
            ("child", "case_type", "team", "allocated_worker"),
            ("child", "team", "allocated_worker"),
        ),
    ]
}


def _entity(key: str) -> Entity:
    try:
        return ENTITIES[key]
    except KeyError:
        raise Http404 from None


@requires(Perm.MANAGE_STRUCTURE)
def admin_home(request: HttpRequest) -> HttpResponse:
    counts = {e.key: e.model._default_manager.count() for e in ENTITIES.values()}
    return render(
        request,
        "org/admin_home.html",
        {"entities": [(e, counts[e.key]) for e in ENTITIES.values()]},
    )


@requires(Perm.MANAGE_STRUCTURE)
def admin_list(request: HttpRequest, entity: str) -> HttpResponse:
    e = _entity(entity)
    rows = e.model._default_manager.select_related(*e.related).order_by("pk")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        search = {"people": "username__icontains", "cases": "child__reference__icontains"}
        rows = rows.filter(**{search.get(e.key, "name__icontains"): q})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    table = [(obj, [_cell(obj, c) for c in e.columns]) for obj in page.object_list]
    return render(
        request,
        "org/admin_list.html",
        {
            "entity": e,
            "page_obj": page,
            "table": table,
            "q": q,
            "headers": [c.replace("_", " ").capitalize() for c in e.columns],
            "query_without_page": _query_without_page(request),
        },
    )


def _cell(obj: models.Model, column: str) -> Any:
    display = getattr(obj, f"get_{column}_display", None)
    value = display() if display else getattr(obj, column)
    return "" if value is None else value


def _save(request: HttpRequest, e: Entity, form: forms.ModelForm, instance: Any) -> Any:
    data = dict(form.cleaned_data)
    if e.key == "cases":
        reference, age_band = data.pop("reference"), data.pop("age_band")
        if instance is None:
            return services.case_create(
                actor=request.user, reference=reference, age_band=age_band, case_values=data
            )
        return services.case_update(actor=request.user, case=instance, values=data)
    if e.key == "people":
        if instance is None:
            return services.person_create(actor=request.user, values=data)
        return services.person_update(actor=request.user, person=instance, values=data)
    if instance is None:
        return services.structure_create(actor=request.user, model=e.model, values=data)
    return services.structure_update(actor=request.user, instance=instance, values=data)


@requires(Perm.MANAGE_STRUCTURE)
def admin_edit(request: HttpRequest, entity: str, pk: int | None = None) -> HttpResponse:
    e = _entity(entity)
    instance = get_object_or_404(e.model._default_manager, pk=pk) if pk else None
    form = e.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        # The form has already copied the new values onto `instance`; the
        # service compares against the stored record to write the history.
        stored = e.model._default_manager.get(pk=instance.pk) if instance else None
        try:
            saved = _save(request, e, form, stored)
        except ValidationError as error:
            for field, errs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"Saved {e.label} {saved}.")
            if e.key == "people":
                return redirect("org:admin-person-roles", pk=saved.pk)
            return redirect("org:admin-list", entity=e.key)
    return render(request, "org/admin_edit.html", {"entity": e, "form": form, "instance": instance})


@requires(Perm.MANAGE_STRUCTURE)
def admin_import(request: HttpRequest) -> HttpResponse:
    """Upload, see what the file would do row by row, then confirm: whole file or nothing."""
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirmed(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    checked = None
    token = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        checked = import_preview.preview(
            actor=request.user, kind=form.cleaned_data["kind"], data=data
        )
        if checked.outcome.ok:
            token = import_preview.stash(data)
    outcome = checked.outcome if checked else None
    return render(
        request,
        "org/admin_import.html",
        {"form": form, "outcome": outcome, "preview": checked, "token": token},
    )


def _import_confirmed(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    data = import_preview.unstash(request.POST.get("confirm", ""))
    if kind not in import_preview.IMPORTERS or data is None:
        messages.error(request, "That file is no longer waiting to be imported: upload it again.")
        return redirect("org:admin-import")
    outcome = import_preview.IMPORTERS[kind](actor=request.user, text=data)
    if outcome.ok:
        summary = ", ".join(f"{n} {what}" for what, n in outcome.created.items())
        messages.success(request, f"Imported. New: {summary}.")
        return redirect("org:admin-import")
    form = ImportForm(initial={"kind": kind})
    return render(request, "org/admin_import.html", {"form": form, "outcome": outcome})
