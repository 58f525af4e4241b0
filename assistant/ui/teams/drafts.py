"""Orders from another team on the logger's screen: marked "van team X", answered, never dropped.

A draft whose origin is ``team:<sender>`` is another team's order to us. Its card says so and offers
Accept (with an owner picker: a role of our roster, or ``team:<name>`` to pass it on) and Decline (with a
reason). Enter and R do the same as those buttons, so the logger's reject key answers the sender as a
decline instead of rejecting silently. Both go through ``room.teams`` (the tab's gateway: DRAFTS
capability, ``by`` stamped by the server); the answer is an entry in our own log that refers back.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

import flet as ft

from assistant.domain.entries import Draft
from assistant.domain.roster import Roster
from assistant.teams.orders import owner_for_team, sender_team, team_label
from assistant.ui import theme
from assistant.ui.logger.common import role_options
from assistant.ui.logger.dialogs import _Modal, submitted
from assistant.ui.logger.kit import Kit
from assistant.ui.screen_base import Dialogs
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button


class CardActions(Protocol):
    async def confirm(self, draft_id: str, _e: Any = None) -> None: ...
    async def reject(self, draft_id: str, _e: Any = None) -> None: ...


def team_marker(kit: Kit, draft: Draft) -> list[ft.Control]:
    """ "van team Centraal" in the card's head (nothing for our own drafts)."""
    team = sender_team(draft)
    if team is None:
        return []
    text = kit.t("teams.from_team", team=team_label(team))
    return [ft.Text(text, size=14, weight=ft.FontWeight.BOLD, color=theme.WARNING)]


def team_buttons(kit: Kit, draft: Draft, actions: CardActions) -> list[ft.Control]:
    """Accept and Decline instead of confirm/edit/reject (they open the answer dialogs)."""
    if sender_team(draft) is None:
        return []
    buttons = (
        ("teams.accept", actions.confirm, ft.Icons.CHECK, "filled"),
        ("teams.decline", actions.reject, ft.Icons.CLOSE, "outlined"),
    )
    return [
        action_button(
            kit.t(key), kit.act(functools.partial(fn, draft.draft_id)), icon=icon, kind=kind, height=40
        )
        for key, fn, icon, kind in buttons
    ]


def owner_options(roster: Roster | None, others: tuple[str, ...], lang: str, t: Any) -> list[tuple[str, str]]:
    """Our roster's roles, then the other teams (an order we pass on)."""
    teams = [(owner_for_team(team), t("teams.owner_team", team=team_label(team))) for team in others]
    return role_options(roster, lang) + teams


class TeamAnswers:
    """The logger screen's answers to other teams' orders (the screen routes Enter/R here)."""

    def __init__(self, tab: Tab, kit: Kit, dialogs: Dialogs) -> None:
        self.tab, self.kit, self.dialogs = tab, kit, dialogs

    @staticmethod
    def handles(draft: Draft | None) -> bool:
        return draft is not None and sender_team(draft) is not None

    async def accept(self, crisis_id: str, draft: Draft, roster: Roster | None) -> None:
        others = await self.tab.call(self.tab.room.teams.others)
        AcceptDialog(self, crisis_id, draft, owner_options(roster, others, self.kit.lang, self.kit.t)).open()

    async def decline(self, crisis_id: str, draft: Draft) -> None:
        DeclineDialog(self, crisis_id, draft).open()


class _AnswerDialog(_Modal):
    """Accept or decline: the order's text, one input, cancel and the answer's button."""

    def __init__(self, answers: TeamAnswers, crisis_id: str, draft: Draft) -> None:
        self.answers, self.dialogs, self.crisis_id, self.draft = answers, answers.dialogs, crisis_id, draft

    def _make(self, title_key: str, field: ft.Control, button_key: str, icon: ft.IconData) -> ft.AlertDialog:
        kit, t = self.answers.kit, self.answers.kit.t
        return ft.AlertDialog(
            title=ft.Text(t(title_key, team=team_label(sender_team(self.draft) or ""))),
            content=ft.Column(
                [ft.Text(self.draft.content.text, size=16), field], tight=True, spacing=10, width=480
            ),
            actions=[
                action_button(t("logger.cancel"), kit.act(self.cancel), kind="text"),
                action_button(t(button_key), kit.act(self.submit), kind="filled", icon=icon),
            ],
        )

    async def submit(self, e: Any = None) -> None:
        raise NotImplementedError


class AcceptDialog(_AnswerDialog):
    def __init__(
        self, answers: TeamAnswers, crisis_id: str, draft: Draft, options: list[tuple[str, str]]
    ) -> None:
        super().__init__(answers, crisis_id, draft)
        self.owner = answers.kit.dropdown(
            answers.kit.t("teams.owner"), options, draft.content.owner or "", width=460
        )
        self.dialog = self._make("teams.accept_title", self.owner, "teams.accept", ft.Icons.CHECK)

    async def submit(self, _e: Any = None) -> None:
        tab = self.answers.tab
        owner = self.owner.value or None
        entry = await tab.call(tab.room.teams.accept, self.crisis_id, self.draft.draft_id, "", owner)
        self.dialogs.close(self.dialog)
        tab.toast(self.answers.kit.t("teams.accepted_as", number=entry.number), seconds=3)


class DeclineDialog(_AnswerDialog):
    def __init__(self, answers: TeamAnswers, crisis_id: str, draft: Draft) -> None:
        super().__init__(answers, crisis_id, draft)
        kit = answers.kit
        self.reason = ft.TextField(
            label=kit.t("teams.decline_reason"),
            autofocus=True,
            on_submit=kit.act(self.submit),
            width=460,
            max_length=500,
        )
        self.dialog = self._make("teams.decline_title", self.reason, "teams.decline", ft.Icons.CLOSE)

    async def submit(self, e: Any = None) -> None:
        tab = self.answers.tab
        reason = (submitted(e, self.reason) or self.reason.value or "").strip()
        if not reason:
            self.reason.error = self.answers.kit.t("teams.reason_needed")
            self.reason.update()
            return
        entry = await tab.call(tab.room.teams.decline, self.crisis_id, self.draft.draft_id, "", reason)
        self.dialogs.close(self.dialog)
        tab.toast(self.answers.kit.t("teams.declined_as", number=entry.number), seconds=3)
