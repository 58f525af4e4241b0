"""Everything the chair's screen writes to the room, in one place.

Panels and dialogs receive this object (dialogs only the narrow protocols below) instead of the
screen, so none of them reaches into another's controls. Every room call runs in a worker thread
through ``tab.call``: a domain error becomes a snackbar and ``ActionFailed``, and the caller keeps
what the user typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from assistant.app.room.events import ClockAction
from assistant.domain.clock import ClockSnapshot
from assistant.domain.entries import TaskStatus
from assistant.i18n import label as label_of
from assistant.i18n.names import agenda_title, card_text
from assistant.ui.chair import model as cm
from assistant.ui.chair.data import ChairData
from assistant.ui.tab import Tab
from assistant.ui.widgets.busy import BusyGuard

#: Who the chair's writes are attributed to in the log.
CHAIR = "voorzitter"


class ChairSource(Protocol):
    """What the actions read: the data and clock snapshot the screen shows right now."""

    data: ChairData
    snapshot: ClockSnapshot | None


class StatusActions(Protocol):
    """What the "vertraagd" dialog may do."""

    def now(self) -> datetime: ...

    async def delay(self, entry_id: str, new_deadline: str, note: str) -> None: ...


class CloseActions(Protocol):
    """What the "close the meeting" dialog may do."""

    def now(self) -> datetime: ...

    def cycle_minutes(self) -> int: ...

    async def default_next_meeting(self) -> datetime | None: ...

    async def end_meeting(self, when: datetime | None) -> None: ...


class ChairActions:
    """The chair's writes; ``after_write`` redraws when no live bridge reports the change back."""

    def __init__(self, tab: Tab, source: ChairSource, after_write: Callable[[], Awaitable[object]]) -> None:
        self.tab = tab
        self.room = tab.room
        self.source = source
        self._after_write = after_write
        self.busy = BusyGuard()  # status writes in flight, per task

    # --- reading what is shown ----------------------------------------------------------------------

    def _ids(self) -> tuple[str, int] | None:
        data = self.source.data
        if data.crisis is None or data.meeting is None:
            return None
        return data.crisis.crisis_id, data.meeting.number

    def _crisis_id(self) -> str | None:
        crisis = self.source.data.crisis
        return crisis.crisis_id if crisis else None

    def now(self) -> datetime:
        """The room's time in the crisis's zone (the same on every device)."""
        return self.room.now(self.source.data.crisis)

    def cycle_minutes(self) -> int:
        crisis = self.source.data.crisis
        return crisis.cycle_minutes if crisis else 0

    async def after_write(self) -> None:
        """The room has already told every tab (this one too) through the bridge, which reloads;
        reload here only when no live bridge delivers changes (unit tests)."""
        if not getattr(self.tab.bridge, "active", False):
            await self._after_write()

    # --- the meeting clock --------------------------------------------------------------------------

    async def start_meeting(self, _e: object = None) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.meetings.clock_action, *ids, ClockAction.START)
            await self.after_write()

    async def clock(self, action: ClockAction, minutes: float = 1.0, _e: object = None) -> None:
        """``action``: previous, extend, pause or resume."""
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.meetings.clock_action, *ids, action, minutes)
            await self.after_write()

    async def next_item(self, _e: object = None) -> None:
        """Move on; remind the chair once, gently, of the prompts left unticked at the item left."""
        ids, snap, meeting = self._ids(), self.source.snapshot, self.source.data.meeting
        if ids is None or snap is None or meeting is None:
            return
        # prompt ids this tab already reminded the chair of, per meeting
        reminded: dict[int, set[str]] = self.tab.state.setdefault("chair.reminded", {})
        already = reminded.setdefault(meeting.number, set())
        missing = cm.reminder_items(meeting, snap.item, self.source.data.reflection_due, already)
        await self.tab.call(self.room.meetings.clock_action, *ids, ClockAction.NEXT)
        if missing:
            already.update(p.id for p in missing)
            lang = self.tab.lang
            item_title = agenda_title(snap.item, lang) if snap.item else ""
            self.tab.toast(cm.reminder_text([card_text(p, lang) for p in missing], item_title, lang), seconds=8)
        await self.after_write()

    async def default_next_meeting(self) -> datetime | None:
        ids = self._ids()
        return await self.tab.call(self.room.meetings.default_next, *ids) if ids else None

    async def end_meeting(self, when: datetime | None) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.meetings.end, *ids, when)
            await self.after_write()

    # --- prompts and reflection ---------------------------------------------------------------------

    async def tick_prompt(self, prompt_id: str, value: bool) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.meetings.tick, *ids, prompt_id, value)

    async def mark_reflection(self, _e: object = None) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.meetings.mark_reflection, *ids)

    # --- Controle: status of orders and actions -----------------------------------------------------

    async def delay(self, entry_id: str, new_deadline: str, note: str) -> None:
        """"Vertraagd": in progress with a new deadline (the dialog says so once it has closed)."""
        await self.set_status(entry_id, TaskStatus.IN_PROGRESS, new_deadline=new_deadline, note=note, toast=False)

    async def set_status(
        self,
        entry_id: str,
        status: TaskStatus,
        *,
        new_deadline: str | None = None,
        note: str = "",
        toast: bool = True,
        based_on: int | None = None,
    ) -> None:
        """One status write per task at a time (a double tap writes once); ``based_on`` is the task
        version shown, so a status set elsewhere meanwhile is a conflict the chair sees."""
        crisis_id = self._crisis_id()
        if crisis_id is None:
            return
        done = await self.busy.run(
            entry_id,
            lambda: self.tab.call(
                self.room.ledger.set_status, crisis_id, entry_id, status, CHAIR, new_deadline, note, based_on
            ),
        )
        if done is not None and toast:
            self.tab.toast(self.tab.t("chair.status_saved", status=label_of(status, self.tab.lang)))

    # --- individual log and stakeholders ------------------------------------------------------------

    async def add_individual(self, kind: str, text: str, priority: str) -> bool:
        """True when saved (the caller clears its field only then)."""
        crisis_id = self._crisis_id()
        if crisis_id is None:
            return False
        await self.tab.call(self.room.chair_notes.add_individual, crisis_id, kind, text, priority)
        return True

    async def check_individual(self, item_id: str, value: bool) -> None:
        crisis_id = self._crisis_id()
        if crisis_id is not None:
            await self.tab.call(self.room.chair_notes.check_individual, crisis_id, item_id, value)

    async def mark_informed(self, stakeholder_id: str, _e: object = None) -> None:
        crisis_id = self._crisis_id()
        if crisis_id is not None:
            await self.tab.call(self.room.chair_notes.mark_informed, crisis_id, stakeholder_id, CHAIR)

    async def add_stakeholder(self, name: str) -> bool:
        """True when saved (the caller clears its field only then)."""
        crisis_id = self._crisis_id()
        if crisis_id is None:
            return False
        await self.tab.call(self.room.chair_notes.add_stakeholder, crisis_id, name, "", CHAIR)
        return True

    # --- listening and the test hook ----------------------------------------------------------------

    async def toggle_listening(self, _e: object = None) -> None:
        await self.tab.call(self.tab.ctx.live.toggle, self._crisis_id())

    async def test_shift(self, _e: object = None) -> None:
        await self.tab.call(self.room.shift_time, 60)
