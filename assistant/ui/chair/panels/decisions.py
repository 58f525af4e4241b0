"""The decisions panel: this meeting's decisions, orders and actions, newest first.

One control per card (``KeyedControls``, keyed by the card's value): a new decision adds one card,
the cards already shown are kept as they are (nothing to diff or send for them).
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from assistant.i18n.names import roster_label
from assistant.ui import theme
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.chair.rows import DecisionCard, decision_cards
from assistant.ui.logger.panes.keyed import KeyedControls
from assistant.ui.tab import Tab


@dataclass(frozen=True)
class DecisionsValue:
    cards: tuple[DecisionCard, ...]
    open_tasks: int
    overdue: int


class DecisionsPanel(Panel[DecisionsValue]):
    key = "besluiten"

    def __init__(self, tab: Tab, actions: ChairActions) -> None:
        super().__init__(tab, actions)
        self.cards: KeyedControls[DecisionCard] = KeyedControls(self._card, isolated=True)

    def value(self, view: ChairView) -> DecisionsValue:
        lang = self.tab.lang
        roster = view.data.crisis.roster if view.data.crisis else None
        owner = (lambda role: roster_label(roster, role, lang)) if roster else None
        cards = decision_cards(view.data.entries, view.meeting_number, owner, lang)
        return DecisionsValue(cards, len(view.data.open_tasks), len(view.data.overdue_ids))

    def build(self, value: DecisionsValue) -> list[ft.Control]:
        t = self.tab.t
        out: list[ft.Control] = [self.heading(t("chair.recent"))]
        if not value.cards:
            out.append(self.muted(t("chair.no_recent")))
        out += self.cards.controls((card, card) for card in value.cards)
        out.append(self.muted(t("chair.open_count", n=value.open_tasks, late=value.overdue)))
        return out

    def _card(self, card: DecisionCard) -> ft.Control:
        colour = theme.NORMAL if card.decision else theme.WARNING
        body: list[ft.Control] = [
            ft.Text(card.head, size=14, weight=ft.FontWeight.BOLD, color=colour),
            ft.Text(card.text, size=17),
        ]
        if card.reason:
            body.append(self.muted(f"{self.tab.t('chair.reason')}: {card.reason}"))
        return ft.Container(
            ft.Column(body, spacing=2),
            padding=10,
            border_radius=10,
            border=ft.Border.all(1, theme.track(self.tab.theme)),
        )
