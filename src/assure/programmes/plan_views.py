"""Pages that plan and prepare programmes: the year's COA plan, and the pack generated
from the data for a learning event (or any district programme)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.core.access import requires
from assure.core.errors import InvalidInput
from assure.core.roles import Perm

from . import services
from .forms import CoaPlanForm
from .views import apply_errors, form_page, programme_read


@requires(Perm.RUN_QA)
def coa_plan(request: HttpRequest) -> HttpResponse:
    """Plan the year's visits: one district a month, each on the QA calendar."""
    form = CoaPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.coa_year_plan(
                actor=request.user,
                first_month=data["first_month"],
                months=data["months"],
                lead=data["lead"] or None,
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{len(made)} visits planned.")
            return redirect(f"{reverse('programmes:list')}?kind=coa")
    return form_page(
        request,
        form,
        title="Plan the year's Child Outcome Analysis",
        button="Plan the visits",
        intro="One district a month, in turn, each visit the first week of its month. "
        "A month already planned for its district is left as it is.",
    )


# Staff only: the pack quotes other programmes' findings, which a partner may not read.
@requires(Perm.VIEW_STRUCTURE, object_level=True)
def programme_pack(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The pack generated from the data; Word and PDF are made in the background."""
    from assure.reports.document_jobs import document_request

    from .pack import KIND, TYPES, pack_build, pack_sections

    programme = programme_read(request, programme_id)
    fmt = request.GET.get("format", "")
    if fmt in TYPES:
        job = document_request(
            actor=request.user,
            kind=KIND,
            params={"programme": programme.pk, "format": fmt},
            title=f"{programme.title}: the pack ({fmt.upper()})",
        )
        return redirect("reports:document", document=job.token)
    pack = pack_build(programme)
    return render(request, "programmes/pack.html", {"pack": pack, "sections": pack_sections(pack)})
