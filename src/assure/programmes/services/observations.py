"""COA observations: started, saved as drafts while the observer watches, then done."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from assure.core import trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.instruments.engine import missing_required, validate
from assure.instruments.registry import tool_current

from ..models import Observation, Programme
from ..policy import OBSERVATIONS, PROGRAMMES
from .common import as_date, choice, visible_programme

OBSERVATION_TOOL = "coa_observation"


@transaction.atomic
def observation_start(
    *,
    actor: Any,
    programme_id: int,
    setting: str,
    observed_on: date | str,
    case_id: int | None = None,
) -> Observation:
    programme = visible_programme(actor, programme_id)
    PROGRAMMES.check(actor, "observe", programme)
    if programme.kind != Programme.Kind.COA:
        raise InvalidInput({"setting": "Observations are recorded on Child Outcome Analysis."})
    setting = choice(setting, "setting", Observation.Setting.choices, "setting")
    day = as_date(observed_on, "observed_on")
    if case_id is not None and not programme.sampled.filter(case_id=case_id).exists():
        raise InvalidInput({"case": "Choose a case from the programme's sample."})
    tool = tool_current(OBSERVATION_TOOL)
    obs = Observation.objects.create(
        programme=programme,
        setting=setting,
        case_id=case_id,
        observed_on=day,
        observer=actor,
        tool_key=tool.key,
        tool_version=tool.version,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=obs,
        child_ref=OBSERVATIONS.child_ref(obs),
        summary=f"Started observation {obs.pk} ({setting}) for programme {programme.pk}",
        changes={"tool": f"{tool.key} v{tool.version}"},
    )
    return obs


def observation_save(
    *,
    actor: Any,
    observation_id: int,
    responses: dict[str, Any],
    version: int | None = None,
    complete: bool = False,
) -> Observation:
    """Merge answers into the draft (partial is fine); `complete` needs every required one."""
    with writes.change(
        OBSERVATIONS.visible_to(actor).select_related("case__child"),
        observation_id,
        actor=actor,
        version=version,
        policy=OBSERVATIONS,
        action="edit",
    ) as c:
        tool = _tool(c.obj)
        cleaned, errors = validate(tool, responses)
        if errors:
            raise InvalidInput(errors)
        merged = {**c.obj.responses, **cleaned}
        for key, value in responses.items():  # a cleared answer is removed, not kept
            if value in (None, "") and key in merged:
                merged.pop(key)
        values: dict[str, Any] = {"responses": merged}
        if complete:
            missing = missing_required(tool, merged)
            if missing:
                raise InvalidInput({k: "Answer this question." for k in missing})
            values["status"] = Observation.Status.DONE
        c.set(**values)
        return c.commit(
            summary=f"Observation {observation_id}: {'done' if complete else 'draft saved'}",
            child_ref=OBSERVATIONS.child_ref(c.obj),
        )


def _tool(obs: Observation) -> Any:
    from assure.instruments.models import Tool

    return Tool.objects.get(key=obs.tool_key, version=obs.tool_version).parsed
