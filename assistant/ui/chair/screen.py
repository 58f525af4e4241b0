"""The chair's tablet (/voorzitter): meeting clock, current item, BOBOC prompts, action card.

Left (``clock_panel.py``): the clock drawing, the current item in big type, the clock buttons
(``controls.py``), "Volgende tijden" and the caption strip. Right (``panels/``): one of four
panels (Fase / Besluiten / Eigen log / Stakeholders). Writes go through ``actions.py``, dialogs
through ``dialogs.py``.

Data: ``load_chair_data`` in a worker thread on open and after room changes (one batched reload,
``screen_base``). Each part redraws only when what it shows changed, and only those parts are sent.
Time: every second the bridge's ticker recomputes the snapshot from the cached meeting with the
domain ``MeetingClock`` and ``room.now()`` (no disk) and sends the clock panel alone.
"""

from __future__ import annotations

import contextlib
from typing import Any

import flet as ft

from assistant.domain.clock import ClockSnapshot, MeetingClock
from assistant.ui import theme
from assistant.ui.chair import dialogs
from assistant.ui.chair import model as cm
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.clock_panel import ClockPanel
from assistant.ui.chair.controls import ClockControls
from assistant.ui.chair.data import ChairData, load_chair_data
from assistant.ui.chair.panels import (
    ChairView,
    DecisionsPanel,
    IndividualPanel,
    PhasePanel,
    Sections,
    StakeholdersPanel,
)
from assistant.ui.chair.panels.messages import MessagesBlock
from assistant.ui.chair.rows import controls_view
from assistant.ui.export_menu import export_button
from assistant.ui.room_view import shared_view
from assistant.ui.screen_base import ScreenBase
from assistant.ui.setup.speech_banner import SpeechBanner, meeting_key
from assistant.ui.tab import Tab
from assistant.ui.teams.block import TeamsBlock
from assistant.ui.teams.chair_panel import teams_panels
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button, icon_action
from assistant.ui.widgets.caption_strip import CaptionStrip

#: Room topics that change what this screen shows (drafts and the transcript are the logger's).
TOPICS = ("crisis", "meeting", "clock", "log", "individual", "stakeholders", "settings", "messages")
#: Live captions: only the caption strip follows them.
LIVE = ("live",)


class ChairScreen(ScreenBase[ChairData]):
    def __init__(self, tab: Tab) -> None:
        super().__init__(tab)
        self.room = tab.room
        self.data = ChairData()
        self.snapshot: ClockSnapshot | None = None
        width = float(tab.page.width or 1280)
        self.height = float(tab.page.height or 800)
        self.landscape = width >= 1000 and width > self.height
        self.actions = ChairActions(tab, self, self._reload_after_write)
        self.controls = ClockControls(tab, self.actions, on_close=self.ask_close)
        self.clock_panel = ClockPanel(tab, self.controls, landscape=self.landscape)
        self.caption = CaptionStrip(tab.lang, tab.theme, tab.handler(self.actions.toggle_listening))
        self.speech_banner = SpeechBanner(tab, self._meeting_key)
        self.teams = TeamsBlock(tab)  # other teams: link chips, their pictures, answers in Controle
        self.panels = {
            panel.key: panel
            for panel in (
                PhasePanel(tab, self.actions, on_delay=self.ask_delay, on_close=self.ask_close),
                DecisionsPanel(tab, self.actions),
                IndividualPanel(tab, self.actions),
                StakeholdersPanel(tab, self.actions),
                *teams_panels(tab, self.actions, self.teams),
            )
        }
        self.sections = Sections(tab, list(self.panels.values()))
        self.messages = MessagesBlock(tab, self._reload_after_write)
        self._dirty: list[ft.Control] = []

    # --- build and lifecycle ------------------------------------------------------------------------

    async def build(self) -> ViewResult:
        await self.reload(update=False)
        self.caption.refresh(self.tab.ctx.live.get())
        self.speech_banner.refresh()
        self.listen(TOPICS)
        self.on_change(self._live_changed, LIVE)
        self.on_tick(self.tick)
        await self.teams.attach(self)
        title = self.data.crisis.name if self.data.crisis else self.tab.t("chair.title")
        return ViewResult(
            self._layout(),
            title=title,
            actions=self._top_actions(),
            padding=12,
            scroll=not self.landscape,
            on_dispose=self.dispose,
        )

    def _top_actions(self) -> list[ft.Control]:
        t, handler = self.tab.t, self.tab.handler
        actions: list[ft.Control] = []
        if self.tab.ctx.test_hooks:
            actions.append(
                action_button(
                    t("chair.test_shift"),
                    handler(self.actions.test_shift),
                    kind="outlined",
                    icon=ft.Icons.FAST_FORWARD,
                )
            )
        actions += [
            action_button(
                t("chair.challenges"),
                handler(self.show_challenges),
                kind="text",
                icon=ft.Icons.LIGHTBULB_OUTLINE,
            ),
            export_button(self.tab),
            icon_action(ft.Icons.SETTINGS, t("chair.to_start"), handler(lambda e: self.tab.go("/start"))),
        ]
        return actions

    def _layout(self) -> ft.Control:
        left = ft.Column(
            [
                self.speech_banner.control,
                self.teams.chips,
                self.messages.root,
                self.clock_panel.root,
                self.caption.control,
            ],
            spacing=12,
        )
        panel_height = max(420.0, self.height - 56 - 30) if self.landscape else max(560.0, self.height - 640)
        right = ft.Container(
            ft.Column(
                [self.sections.buttons, ft.Divider(height=1), self.sections.body], spacing=8, expand=True
            ),
            height=panel_height,
            padding=12,
            border_radius=14,
            bgcolor=theme.surface(self.tab.theme),
        )
        if self.landscape:
            return ft.Row(
                [ft.Container(left, expand=11), ft.Container(right, expand=12)],
                spacing=16,
                vertical_alignment=ft.CrossAxisAlignment.START,
                expand=True,
            )
        return ft.Column([left, right], spacing=16)

    # --- the batched reload (screen_base) -----------------------------------------------------------

    def read(self) -> ChairData:
        return load_chair_data(shared_view(self.tab))  # shared: one read per change

    def draw(self, data: ChairData) -> None:
        """Put fresh room data on screen; remembers which parts changed for ``show``."""
        self.data = data
        self.snapshot = self.compute_snapshot()
        now = self.actions.now()
        self.clock_panel.draw(self.snapshot, data.next_meeting_at, now)
        view = controls_view(
            data.crisis, data.meeting, self.snapshot, data.next_meeting_at, now, self.tab.lang
        )
        # the clock's own parts, and its buttons only when the meeting's state gave new ones
        changed: list[ft.Control] = [*self.clock_panel.changed_parts(), *self.controls.refresh(view)]
        changed += self.sections.refresh(ChairView(data, self.snapshot, now))
        if self.messages.refresh(ChairView(data, self.snapshot, now), data.messages):
            changed.append(self.messages.root)
        self._dirty = changed

    def show(self) -> None:
        """Send only what the last ``draw`` changed."""
        changed, self._dirty = self._dirty, []
        if not changed:  # (``page.update()`` without controls would send the whole page)
            return
        with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
            self.tab.page.update(*changed)

    async def _reload_after_write(self) -> None:
        await self.reload()

    async def _live_changed(self, _changes: list[Any]) -> None:
        changed = self.caption.refresh(self.tab.ctx.live.get())  # only its parts that look different
        if self.speech_banner.refresh():  # a model was installed or failed: the banner too
            changed.append(self.speech_banner.control)
        if not changed:
            return  # (``page.update()`` without controls would send the whole page)
        with contextlib.suppress(RuntimeError, AttributeError):
            self.tab.page.update(*changed)

    def _meeting_key(self) -> str:
        """The meeting on screen: dismissing the speech banner holds for it."""
        meeting = self.data.meeting
        crisis_id = self.data.crisis.crisis_id if self.data.crisis else None
        return meeting_key(crisis_id, meeting.number if meeting is not None else None)

    # --- time ---------------------------------------------------------------------------------------

    def compute_snapshot(self) -> ClockSnapshot | None:
        meeting = self.data.meeting
        if meeting is None:
            return None
        return MeetingClock(meeting.agenda, meeting.clock).snapshot(self.actions.now())

    def tick(self) -> None:
        """Every second: the clock panel is redrawn and only its parts that changed are sent."""
        if self.disposed:
            return
        self.snapshot = self.compute_snapshot()
        self.clock_panel.draw(self.snapshot, self.data.next_meeting_at, self.actions.now())
        changed = self.clock_panel.changed_parts()
        if changed:  # (``page.update()`` without controls would send the whole page)
            with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
                self.tab.page.update(*changed)

    # --- dialogs ------------------------------------------------------------------------------------

    async def ask_delay(self, row: cm.TaskRow) -> None:
        dialogs.ask_delay(self.tab, self.dialogs, self.actions, row)

    async def ask_close(self) -> None:
        if self.data.meeting is not None:
            await dialogs.ask_close(self.tab, self.dialogs, self.actions, self.data.meeting.number)

    async def show_challenges(self, _e: object = None) -> None:
        dialogs.show_challenges(self.tab, self.dialogs, self.height)


async def build(tab: Tab) -> ViewResult:
    return await ChairScreen(tab).build()
