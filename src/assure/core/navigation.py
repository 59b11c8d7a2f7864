"""The navigation, as data: each item shows only to those holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from assure.core.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("Home", "core:home", Perm.VIEW_HOME),
    # Staff who own actions; elected members and partners never do, so no empty page.
    NavItem("Actions", "actions:mine", Perm.VIEW_STRUCTURE),
    NavItem("Audits", "audits:list", Perm.VIEW_CASES),
    NavItem("Audit findings", "audits_insight:home", Perm.VIEW_AGGREGATES),
    NavItem("Audit cycles", "audits:cycles", Perm.RUN_QA),
    NavItem("Conferences and reviews", "reviews:meetings", Perm.VIEW_CASES),
    NavItem("Cases", "org:cases", Perm.VIEW_CASES),
    NavItem("Authority", "org:authority", Perm.VIEW_AGGREGATES),
    NavItem("Performance", "insight:home", Perm.VIEW_AGGREGATES),
    NavItem("Reports", "report_pages:schedule", Perm.VIEW_AGGREGATES),
    NavItem("Teams and people", "org:teams", Perm.VIEW_STRUCTURE),
    NavItem("Audit trail", "core:audit-trail", Perm.SEARCH_AUDIT_TRAIL),
    NavItem("Administration", "org:admin-home", Perm.MANAGE_STRUCTURE),
    NavItem("Feedback", "feedback:items", Perm.VIEW_AGGREGATES),
    # Everyone with a home page: partners see the programmes they are members of.
    NavItem("QA programmes", "programmes:list", Perm.VIEW_HOME),
)
