"""The finalised audit as a Word document and a PDF, for the child's record."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from docx import Document
from docx.shared import Pt

from assure.instruments.definitions import GRADE_LABELS

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
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(f"{ctx['tool'].title}: case {audit.case.child.reference}", level=0)
    facts = [
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
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        row = table.add_row().cells
        row[0].text, row[1].text = label, value
    for section, answers in ctx["sections"]:
        doc.add_heading(section.title, level=1)
        for question, answer in answers:
            p = doc.add_paragraph()
            p.add_run(question.label).bold = True
            doc.add_paragraph(answer)
    moderation = ctx["moderation"]
    if moderation is not None:
        doc.add_heading("Moderation", level=1)
        doc.add_paragraph(f"Decision: {moderation.get_decision_display()}")
        if moderation.reason:
            doc.add_paragraph(f"Reason: {moderation.reason}")
        if moderation.notes:
            doc.add_paragraph(f"Notes: {moderation.notes}")
    doc.add_heading("Actions", level=1)
    if not ctx["actions"]:
        doc.add_paragraph("No actions were set.")
    for action in ctx["actions"]:
        doc.add_paragraph(
            f"{action.description} (owner {action.owner}, due {action.due_date:%d %B %Y}, "
            f"{action.get_status_display().lower()})",
            style="List Bullet",
        )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def audit_pdf(audit: Audit) -> bytes:
    from weasyprint import HTML

    html = render_to_string("audits/document.html", document_context(audit))
    return bytes(HTML(string=html).write_pdf())
