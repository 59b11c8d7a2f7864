"""`{% chart_grant chart %}`: the signed note that lets this reader fetch this chart's drawing."""

from __future__ import annotations

from typing import Any

from django import template

from assure.reports.chart_store import grant

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_grant(context: dict[str, Any], chart: Any) -> str:
    user = getattr(context.get("request"), "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return grant(user.pk, chart.fingerprint)
