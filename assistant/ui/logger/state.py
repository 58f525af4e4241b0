"""The logger screen's own state (not the room's): which draft is selected or being edited, the log
filter and what the browser reported of played recordings. A frozen dataclass with pure transitions,
so every rule ("after a confirm, select the draft that took its place") is unit-tested without Flet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from assistant.ui.logger.model import LogFilter


@dataclass(frozen=True)
class LoggerState:
    draft_ids: tuple[str, ...] = ()  # the queue as last read, oldest first
    selected: str | None = None
    editing: str | None = None  # the draft whose inline form is open
    filter: LogFilter = field(default_factory=LogFilter)
    played: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))  # audio_ref -> s

    def with_drafts(self, ids: Sequence[str]) -> LoggerState:
        """A new queue from the room: the selection stays if its draft is still there, else the oldest
        draft; an edit form whose draft is gone (confirmed elsewhere) closes."""
        ids = tuple(ids)
        selected = self.selected if self.selected in ids else (ids[0] if ids else None)
        editing = self.editing if self.editing in ids else None
        return replace(self, draft_ids=ids, selected=selected, editing=editing)

    def select(self, draft_id: str) -> LoggerState:
        return replace(self, selected=draft_id) if draft_id in self.draft_ids else self

    def move(self, step: int) -> LoggerState:
        """Next/previous draft in the queue (clamped); the first one when nothing is selected."""
        return replace(self, selected=move_selection(self.draft_ids, self.selected, step))

    def edit(self, draft_id: str) -> LoggerState:
        """Open the edit form of ``draft_id`` (one form at a time) and select it."""
        if draft_id not in self.draft_ids:
            return self
        return replace(self, selected=draft_id, editing=draft_id)

    def stop_editing(self) -> LoggerState:
        return replace(self, editing=None)

    def removed(self, draft_id: str) -> LoggerState:
        """``draft_id`` left the queue (confirmed or rejected here): select the one that took its place."""
        remaining = tuple(i for i in self.draft_ids if i != draft_id)
        return replace(
            self,
            draft_ids=remaining,
            selected=after_removal(self.draft_ids, draft_id, remaining),
            editing=None if self.editing == draft_id else self.editing,
        )

    def added(self, draft_id: str) -> LoggerState:
        """A draft this screen just made (typed line, promoted line): selected when nothing was."""
        return self if self.selected is not None else replace(self, selected=draft_id)

    def focus(self, draft_id: str) -> LoggerState:
        """A draft this screen made on purpose (promoted line): selected whatever was selected."""
        return replace(self, selected=draft_id)

    def with_filter(self, log_filter: LogFilter) -> LoggerState:
        return replace(self, filter=log_filter)

    def with_view(self, view: str) -> LoggerState:
        return replace(self, filter=replace(self.filter, view=view))

    def with_played(self, audio_ref: str, seconds: float) -> LoggerState:
        return replace(self, played=MappingProxyType({**self.played, audio_ref: seconds}))


def move_selection(ids: Sequence[str], current: str | None, step: int) -> str | None:
    """Next/previous id in the queue (clamped); the first one when nothing is selected."""
    if not ids:
        return None
    if current is None or current not in ids:
        return ids[0]
    index = max(0, min(len(ids) - 1, list(ids).index(current) + step))
    return ids[index]


def after_removal(ids_before: Sequence[str], removed: str, ids_after: Sequence[str]) -> str | None:
    """Which draft to select once ``removed`` left the queue: the one that took its place."""
    if not ids_after:
        return None
    before = list(ids_before)
    if removed in before:
        index = before.index(removed)
        for candidate in before[index + 1 :]:
            if candidate in ids_after:
                return candidate
        for candidate in reversed(before[:index]):
            if candidate in ids_after:
                return candidate
    return ids_after[0]


__all__ = ["LoggerState", "move_selection", "after_removal"]
