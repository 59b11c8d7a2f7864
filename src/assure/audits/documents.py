"""The finalised audit as a Word document and a PDF, for the child's record.

Both are made by the reports toolkit's one builder, so each page carries the
council's name and the protective marking.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from assure.instruments.definitions import GRADE_LABELS
from assure.reports.documents import WordDocument, pdf_from_html
from assure.reports.documents import document_context as print_context

from .models import Audit


def _answer_text(question: Any, value: Any) -> str:
    if value in (None, ""):
        return "Not answered"
    if question.type == "scale":
        return f"{value} out of {question.max}"
    if question.type == "choice":
        return next((o.label for o in question.options if o.value == value), str(value))
    if question.type == "yes_no":
        return {"yes": "Yes", "no": "No", "n/a": "Not applicable"}.get(value, str(value))
    return str(value)


def document_context(audit: Audit) -> dict[str, Any]:
    from assure.actions.selectors import actions_for_source

    tool = audit.tool.parsed
    moderation = getattr(audit, "moderation", None)
    return {
        "audit": audit,
        "tool": tool,
        "sections": [
            (s, [(q, _answer_text(q, audit.responses.get(q.key))) for q in s.questions])
            for s in tool.sections
        ],
        "auditor_grade": GRADE_LABELS.get(audit.auditor_grade, ""),
        "moderated_grade": GRADE_LABELS.get(audit.moderated_grade, ""),
        "final_grade": GRADE_LABELS.get(audit.final_grade, ""),
        "moderation": moderation,
        "actions": list(actions_for_source("audit", str(audit.pk)).select_related("owner")),
    }


def audit_docx(audit: Audit) -> bytes:
    ctx = document_context(audit)
    doc = WordDocument(f"{ctx['tool'].title}: case {audit.case.child.reference}")
    doc.facts(
        [
            ("Case type", audit.case.get_case_type_display()),
            ("Team", audit.team.name),
            ("Cycle", audit.cycle.label if audit.cycle else ""),
            ("Auditor", str(audit.auditor)),
            ("Practitioner", str(audit.practitioner or "")),
            ("Moderator", str(audit.moderator or "")),
            ("Auditor's grade", ctx["auditor_grade"]),
            ("Moderated grade", ctx["moderated_grade"]),
            ("Final grade", ctx["final_grade"]),
            ("Finalised", f"{audit.finalised_at:%d %B %Y}" if audit.finalised_at else ""),
        ]
    )
    for section, answers in ctx["sections"]:
        doc.heading(section.title, 1)
        for question, answer in answers:
            doc.paragraph(question.label, bold=True)
            doc.paragraph(answer)
    moderation = ctx["moderation"]
    if moderation is not None:
        doc.heading("Moderation", 1)
        doc.paragraph(f"Decision: {moderation.get_decision_display()}")
        if moderation.reason:
            doc.paragraph(f"Reason: {moderation.reason}")
        if moderation.notes:
            doc.paragraph(f"Notes: {moderation.notes}")
    doc.heading("Actions", 1)
    if not ctx["actions"]:
        doc.paragraph("No actions were set.")
    for action in ctx["actions"]:
        doc.bullet(
            f"{action.description} (owner {action.owner}, due {action.due_date:%d %B %Y}, "
            f"{action.get_status_display().lower()})"
        )
    return doc.bytes()


def audit_pdf(audit: Audit) -> bytes:
    context = {**document_context(audit), **print_context()}
    return pdf_from_html(render_to_string("audits/document.html", context))
