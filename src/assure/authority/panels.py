"""The setup guide on an administrator's home page, until every step is done."""

from __future__ import annotations

from typing import Any

from assure.core.home import Panel, PanelItem, home_panel
from assure.core.policy import Access
from assure.core.roles import Perm


@home_panel
def setup_guide(user: Any, access: Access) -> Panel | None:
    if Perm.MANAGE_STRUCTURE not in access.perms:
        return None
    from .guide import setup_steps

    steps = setup_steps()
    if all(s.done for s in steps):
        return None
    done = sum(s.done for s in steps)
    return Panel(
        key="setup",
        title="Setting up Assure",
        empty_text="",
        figure=done,
        figure_label=f"of {len(steps)} steps done",
        items=[
            PanelItem(
                text=f"{'Done' if s.done else 'To do'}: {s.title}",
                link=s.link,
                meta="" if s.done else f"{s.next_action} Usually {s.usual_time}.",
            )
            for s in steps
        ],
        more_link="/admin/setup/",
        more_text="The setup guide",
        order=1,
    )
