"""The logger's screen (/logger): live transcript, draft queue, typed entry line, confirmed log.

Keyboard first (``keys.py``: Enter confirms the selected draft, E edits, R rejects, 1-9 change its
kind, ↑/↓ select, N jumps to the entry line, Esc leaves a field or the edit form). The screen holds
the panes (``panes/``), its own state (``state.py``) and the actions; every room call runs in a
worker thread via ``tab.call``. Room changes re-read the room once per burst (``ScreenBase``, from
the shared view: one read per change for every screen); only the lists whose rows changed are sent,
with the small texts around them (a patch only when they changed); live speech state (throttled by
the bridge to about three a second) only touches the listening bar.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from assistant.domain.clean_text import MAX_DRAFTS_PER_LINE
from assistant.domain.entries import EntryEdit, EntryKind, TaskStatus
from assistant.domain.parser import DeadlineResult
from assistant.i18n import label as label_of
from assistant.storage.errors import VersionConflict
from assistant.ui.export_menu import export_button
from assistant.ui.logger import model
from assistant.ui.logger.common import safe_update
from assistant.ui.logger.dialogs import EntryDialog, HistoryDialog, RejectDialog, SpeechSettings, submitted
from assistant.ui.logger.draft_form import DraftForm, Edits, EntryFields
from assistant.ui.logger.keys import NEEDS_SELECTION, Command, KeyCommand, key_command
from assistant.ui.logger.kit import FocusTracker, Kit
from assistant.ui.logger.layout import Layout
from assistant.ui.logger.panes.drafts import DraftsPane
from assistant.ui.logger.panes.listen_bar import ListenBar
from assistant.ui.setup.speech_banner import SpeechBanner, meeting_key
from assistant.ui.logger.panes.log import LogPane
from assistant.ui.logger.panes.messages import TOPICS as MESSAGE_TOPICS
from assistant.ui.logger.panes.messages import MessagesPane
from assistant.ui.logger.panes.transcript import TranscriptPane
from assistant.ui.logger.player import Player
from assistant.ui.logger.snapshot import ClipSeconds, Snapshot, read_snapshot
from assistant.ui.logger.state import LoggerState
from assistant.ui.room_view import shared_view
from assistant.ui.screen_base import ScreenBase
from assistant.ui.tab import Tab
from assistant.ui.teams.drafts import TeamAnswers
from assistant.ui.views import ViewResult
from assistant.ui.widgets.busy import BusyGuard
from assistant.ui.widgets.buttons import action_button

log = logging.getLogger(__name__)

ROOM_TOPICS = ("crisis", "meeting", "clock", "drafts", "log", "transcript", "settings")
FOCUS_BACK_SECONDS = 0.15  # a closing dialog hands the focus to its opener first: take it after


class LoggerScreen(ScreenBase[Snapshot]):
    def __init__(self, tab: Tab) -> None:
        super().__init__(tab)
        self.room = tab.room
        self.listening = tab.ctx.extras.get("listening")
        self.by = tab.role or "logger"
        self.snap = Snapshot()
        self.clips = ClipSeconds()  # recordings' lengths: the read stays in memory after a confirm
        self.state = LoggerState()
        self._dirty: list[ft.Control] = []  # what the last draw changed: ``show`` sends only these
        self.busy = BusyGuard()  # confirms and status writes in flight (a double tap writes once)
        self.focus = FocusTracker()
        self.kit = Kit(tab.t, tab.lang, tab.theme, self.act, tab.handler, self.focus)
        self._player = Player(self._on_played)
        listening = self.listening
        self.listen_bar = ListenBar(
            self.kit,
            listening.state if listening is not None else None,
            toggle=self.toggle_listening,
            retry=self.retry_listening,
            settings=self.open_speech_settings,
            speech_banner=SpeechBanner(tab, self._meeting_key),
        )
        self.transcript = TranscriptPane(self.kit, promote=self.promote, play=self.play)
        self.drafts = DraftsPane(self.kit, self)
        self.log = LogPane(self.kit, self)
        self.messages = MessagesPane(self.kit, tab)
        self.team_answers = TeamAnswers(tab, self.kit, self.dialogs)  # other teams' orders: accept/decline
        self.layout = Layout(
            self.kit,
            self.listen_bar,
            self.transcript,
            self.drafts,
            self.log,
            submit_line=self.submit_typed,
            to_start=lambda e: tab.go("/start"),
            messages=self.messages.root,
        )
        self._commands: dict[Command, Callable[[KeyCommand], Awaitable[None]]] = {
            Command.CANCEL: self._cmd_cancel,
            Command.TYPE: self._cmd_type,
            Command.NEXT: self._cmd_move,
            Command.PREV: self._cmd_move,
            Command.CONFIRM: lambda c: self.confirm(self._selected()),
            Command.EDIT: lambda c: self.edit(self._selected()),
            Command.REJECT: lambda c: self.reject(self._selected()),
            Command.SET_KIND: self._cmd_kind,
        }

    # --- ScreenBase ---------------------------------------------------------------------------------

    def read(self) -> Snapshot:
        return read_snapshot(shared_view(self.tab), self.listening, self.clips)  # shared: one read per change

    def draw(self, data: Snapshot) -> None:
        lists = [self.transcript.list, self.drafts.list, self.log.list]
        shown = [[id(c) for c in pane.controls] for pane in lists]
        whole = (self.snap.crisis is None) != (data.crisis is None)  # the body appears or goes
        self.snap = data
        self.state = self.state.with_drafts(data.draft_ids)
        self.layout.draw_meeting(data)
        self.transcript.draw(data.lines, data.audio)
        self.drafts.draw(data, self.state)
        self.log.draw(data, self.state.filter)
        changed = [p for p, ids in zip(lists, shown, strict=True) if [id(c) for c in p.controls] != ids]
        if self.log.options_changed:
            changed.append(self.log.filters)
        self._dirty = [self.layout.root] if whole else changed

    def show(self) -> None:
        """Send the lists the last draw changed and the small texts around them (no patch, no frame
        when a text stayed the same); the whole layout only when the crisis came or went."""
        changed, self._dirty = self._dirty, []
        small = [self.layout.meeting_text, self.drafts.title, self.drafts.share]
        with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
            self.tab.page.update(*small, *changed)

    def dialog_closed(self) -> None:
        with contextlib.suppress(RuntimeError):  # no running loop: nothing to give the focus back to
            asyncio.get_running_loop().call_later(
                FOCUS_BACK_SECONDS, lambda: asyncio.ensure_future(self.park_focus())
            )

    async def build(self) -> ViewResult:
        self.listen(ROOM_TOPICS)
        self.on_change(self._on_live, ("live",))
        self.tab.page.on_keyboard_event = self._on_key
        self.on_change(self.messages.reload, MESSAGE_TOPICS)
        await self.messages.reload()
        await self.reload(update=False)
        self.listen_bar.draw(force=True, update=False)
        actions = [
            action_button(
                self.kit.t("logger.devices"),
                self.tab.handler(lambda e: self.tab.go("/apparaten")),
                icon=ft.Icons.QR_CODE,
                kind="text",
            ),
            export_button(self.tab),
        ]
        return ViewResult(
            self.layout.root,
            title=self.kit.t("logger.title"),
            actions=actions,
            on_dispose=self.dispose,
            scroll=False,
        )

    def dispose(self) -> None:
        super().dispose()
        if getattr(self.tab.page, "on_keyboard_event", None) == self._on_key:
            self.tab.page.on_keyboard_event = None
        self._player.close()

    # --- focus: keys go to the queue only when no field has it -------------------------------------

    def act(self, fn: Callable[..., Any]) -> Callable[..., Awaitable[None]]:
        """Handler for a button: after it ran, the keyboard focus goes back to the screen itself.

        Flutter keeps the focus on a clicked button, and Enter or Space then activate that button
        again: a logger confirming with Enter would also stop listening, replay or reopen a dialog.
        """

        async def run(*args: Any, **kwargs: Any) -> None:
            result = fn(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
            await self.park_focus()

        return self.tab.handler(run)

    async def park_focus(self) -> None:
        if self.disposed or self.dialogs.is_open or self.state.editing is not None:
            return
        self.focus.clear()
        with contextlib.suppress(RuntimeError, AttributeError):  # not (or no longer) on a page
            await self.layout.key_sink.focus()

    # --- keyboard -----------------------------------------------------------------------------------

    async def _on_key(self, e: ft.KeyboardEvent) -> None:
        if self.disposed or self.snap.crisis is None:
            return
        if await self.messages.on_key(e.key, text_focused=self.focus.any, dialog_open=self.dialogs.is_open):
            return
        command = key_command(
            e.key,
            ctrl=bool(getattr(e, "ctrl", False)),
            alt=bool(getattr(e, "alt", False)),
            meta=bool(getattr(e, "meta", False)),
            text_focused=self.focus.any,
            editing=self.state.editing is not None,
            dialog_open=self.dialogs.is_open,
        )
        if command is None or (command.command in NEEDS_SELECTION and self.state.selected is None):
            return
        await self.tab.handler(self._commands[command.command])(command)

    def _selected(self) -> str:
        return self.state.selected or ""

    async def _cmd_cancel(self, _c: KeyCommand) -> None:
        if self.state.editing is not None:
            await self.cancel_edit()
        self.focus.clear()
        await self.park_focus()

    async def _cmd_type(self, _c: KeyCommand) -> None:
        await self.layout.entry_field.focus()

    async def _cmd_move(self, c: KeyCommand) -> None:
        self.state = self.state.move(1 if c.command is Command.NEXT else -1)
        self._redraw_drafts()

    async def _cmd_kind(self, c: KeyCommand) -> None:
        if c.kind is not None:
            await self.set_kind(self._selected(), c.kind)

    def _redraw_drafts(self) -> None:
        self.drafts.draw(self.snap, self.state)
        safe_update(self.drafts.list)

    # --- live speech ----------------------------------------------------------------------------------

    def _meeting_key(self) -> str:
        """The meeting on screen: dismissing the speech banner holds for it."""
        meeting = self.snap.meeting
        return meeting_key(self.snap.crisis_id, meeting.number if meeting is not None else None)

    async def _on_live(self, _changes: list[Any]) -> None:
        self.listen_bar.draw()

    async def toggle_listening(self, _e: Any = None) -> None:
        if self.listening is not None:
            await asyncio.to_thread(self.listening.toggle, self.snap.crisis_id)

    async def retry_listening(self, _e: Any = None) -> None:
        if self.listening is not None:
            await asyncio.to_thread(self.listening.start, self.snap.crisis_id)

    async def open_speech_settings(self, _e: Any = None) -> None:
        if self.listening is not None:
            await SpeechSettings(self.kit, self.dialogs, self.listening).open()

    # --- drafts (DraftActions) -------------------------------------------------------------------------

    async def select(self, draft_id: str, _e: Any = None) -> None:
        if self.state.selected != draft_id:
            self.state = self.state.select(draft_id)
            self._redraw_drafts()

    async def submit_typed(self, e: Any = None) -> None:
        field = self.layout.entry_field
        # the submit event carries the text: the field's own value may not have arrived yet
        text = (submitted(e, field) or field.value or "").strip()
        crisis_id = self.snap.crisis_id
        if not text or crisis_id is None:
            return
        # clear at once, so the next line can be typed while this one is parsed and stored
        field.value = ""
        safe_update(field)
        try:
            drafts = await self.tab.call(self.room.intake.add_typed, crisis_id, text, self.kit.lang)
        except Exception:
            if not field.value:  # nothing lost: the line comes back to be retried
                field.value = text
                safe_update(field)
            raise
        if drafts:
            self.state = self.state.added(drafts[0].draft_id)
        if getattr(drafts, "left_out", 0):
            limit = MAX_DRAFTS_PER_LINE
            self.tab.toast(self.kit.t("logger.drafts_left_out", n=drafts.left_out, limit=limit), seconds=8)
        # (the field keeps the focus after Enter: the next line can be typed at once)

    async def promote(self, line_id: str, kind: EntryKind, _e: Any = None) -> None:
        if self.snap.crisis_id is not None:
            draft = await self.tab.call(self.room.intake.promote_line, self.snap.crisis_id, line_id, kind)
            self.state = self.state.focus(draft.draft_id)

    async def confirm(self, draft_id: str, _e: Any = None, edits: Edits | None = None) -> None:
        """Confirm once: the button is disabled while the call runs; a second Enter or tap is ignored."""
        crisis_id = self.snap.crisis_id
        if crisis_id is None:
            return
        if self.team_answers.handles(draft := self.snap.draft(draft_id)):
            return await self.team_answers.accept(crisis_id, draft, self.snap.roster)
        entry = await self.busy.run(
            draft_id,
            lambda: self.tab.call(
                self.room.intake.confirm_draft, crisis_id, draft_id, self.by, EntryEdit(edits or {})
            ),
            _event_controls(_e),
        )
        if entry is None:
            return
        self.drafts.close_form()
        self.state = self.state.removed(draft_id)
        self.tab.toast(self.kit.t("logger.confirmed_as", number=entry.number), seconds=2.5)

    async def set_kind(self, draft_id: str, kind: EntryKind) -> None:
        draft = self.snap.draft(draft_id)
        if self.snap.crisis_id is None or draft is None or draft.content.kind is kind:
            return
        changes: Edits = {"kind": kind.value}
        if kind is not EntryKind.STATUS:
            changes["new_status"] = None
        await self.tab.call(self.room.intake.edit_draft, self.snap.crisis_id, draft_id, EntryEdit(changes))

    async def edit(self, draft_id: str, _e: Any = None) -> None:
        draft = self.snap.draft(draft_id)
        if draft is None:
            return
        form = DraftForm(
            EntryFields(self.kit, draft.content, self.snap.roster, self.parse_deadline),
            confirm=lambda edits: self.confirm(draft_id, edits=edits),
            save=lambda edits: self.save_draft(draft_id, edits),
            cancel=self.cancel_edit,
        )
        self.state = self.state.edit(draft_id)
        self.drafts.open_form(form, draft_id)
        self._redraw_drafts()
        await form.focus_first()

    async def save_draft(self, draft_id: str, edits: Edits) -> None:
        if self.snap.crisis_id is None:
            return
        if edits:
            await self.tab.call(self.room.intake.edit_draft, self.snap.crisis_id, draft_id, EntryEdit(edits))
        await self.cancel_edit()

    async def cancel_edit(self) -> None:
        self.state = self.state.stop_editing()
        self.drafts.close_form()
        self._redraw_drafts()

    async def reject(self, draft_id: str, _e: Any = None) -> None:
        if self.team_answers.handles(draft := self.snap.draft(draft_id)) and self.snap.crisis_id:
            return await self.team_answers.decline(self.snap.crisis_id, draft)  # answers, never drops
        RejectDialog(self.kit, self.dialogs, self, draft_id).open()

    async def play(self, audio_ref: str, _e: Any = None) -> None:
        path = self.listening.audio_path(audio_ref) if self.listening is not None else None
        if path is None:
            self.tab.toast(self.kit.t("logger.no_recording"), error=True)
            return
        await self._player.play(audio_ref, path)

    def _on_played(self, audio_ref: str, seconds: float) -> None:
        self.state = self.state.with_played(audio_ref, seconds)
        if not self.disposed:
            self._redraw_drafts()

    # --- dialogs (DialogActions) ----------------------------------------------------------------------

    async def reject_draft(self, draft_id: str, reason: str) -> None:
        if self.snap.crisis_id is None:
            return
        await self.tab.call(self.room.intake.reject_draft, self.snap.crisis_id, draft_id, self.by, reason)
        if self.state.editing == draft_id:
            self.drafts.close_form()
        self.state = self.state.removed(draft_id)
        self.tab.toast(self.kit.t("logger.rejected"), seconds=2.5)

    async def correct_entry(self, entry_id: str, note: str, edits: Edits) -> None:
        """A new version based on the version shown; if another was stored meanwhile, the conflict is
        told (catalogue text) and the newest version is shown: nothing is overwritten or lost."""
        crisis_id, shown = self.snap.crisis_id, self.snap.entry(entry_id)
        based_on = shown.version if shown is not None else None
        try:
            entry = await self.tab.call(
                self.room.ledger.edit, crisis_id, entry_id, self.by, EntryEdit(edits), note, based_on
            )
        except Exception as failed:  # the shell's ActionFailed: the user was told; re-raised below
            if isinstance(failed.__cause__, VersionConflict) and crisis_id is not None:
                await self.show_history(entry_id)
            raise
        self.tab.toast(self.kit.t("logger.saved_version", number=entry.number, n=entry.version), seconds=3)

    def parse_deadline(self, words: str) -> DeadlineResult | None:
        return self.snap.parse_deadline(words, self.kit.lang)

    # --- the log (LogActions) ---------------------------------------------------------------------------

    async def set_view(self, view: str, _e: Any = None) -> None:
        self.state = self.state.with_view(view)
        self.log.draw(self.snap, self.state.filter)
        safe_update(self.log.view_buttons, self.log.list)

    async def filter_changed(self, log_filter: model.LogFilter) -> None:
        self.state = self.state.with_filter(log_filter)
        self.log.draw(self.snap, self.state.filter)
        safe_update(self.log.list)

    async def set_status(self, entry_id: str, status: TaskStatus, _e: Any = None) -> None:
        """One status write per entry at a time, based on the version shown (a conflict is told)."""
        crisis_id, shown = self.snap.crisis_id, self.snap.entry(entry_id)
        if crisis_id is None:
            return
        based_on = shown.version if shown is not None else None
        entry = await self.busy.run(
            entry_id,
            lambda: self.tab.call(
                self.room.ledger.set_status, crisis_id, entry_id, status, self.by, None, "", based_on
            ),
            _event_controls(_e),
        )
        if entry is None:
            return
        number = entry.content.ref or entry.number
        self.tab.toast(
            self.kit.t("logger.status_set", number=number, status=label_of(status, self.kit.lang)), seconds=2.5
        )

    async def edit_entry(self, entry_id: str, _e: Any = None) -> None:
        entry = self.snap.entry(entry_id)
        if entry is not None:
            EntryDialog(self.kit, self.dialogs, self, entry, self.snap.roster).open()

    async def show_history(self, entry_id: str, _e: Any = None) -> None:
        if self.snap.crisis_id is not None:
            versions = await self.tab.call(self.room.ledger.history, self.snap.crisis_id, entry_id)
            HistoryDialog(self.kit, self.dialogs, versions).open()


def _event_controls(event: Any) -> list[ft.Control]:
    """The button a click came from (disabled while its write runs); none for a keyboard shortcut."""
    control = getattr(event, "control", None)
    return [control] if isinstance(control, ft.Control) else []
