"""The logger's keyboard: a pure key map and command table (no Flet), unit-tested on its own.

Keys are never taken while a text field or dropdown has focus (the user is typing), nor while a
dialog is open (its own keys: Enter submits, Esc closes); Ctrl/Alt/Meta combinations belong to the
browser. Escape leaves a field or the edit form. The screen maps each ``Command`` to one handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from assistant.domain.entries import EntryKind


class Command(Enum):
    """What a key asks the draft queue to do."""

    CONFIRM = auto()  # confirm the selected draft
    EDIT = auto()  # open the inline edit form of the selected draft
    REJECT = auto()  # reject the selected draft (asks for a reason)
    NEXT = auto()  # select the next draft
    PREV = auto()  # select the previous draft
    CANCEL = auto()  # leave the field or the edit form
    TYPE = auto()  # jump to the entry line
    SET_KIND = auto()  # change the kind of the selected draft (``KeyCommand.kind``)


@dataclass(frozen=True)
class KeyCommand:
    command: Command
    kind: EntryKind | None = None  # only for SET_KIND


#: Number keys change the kind of the selected draft (shown as a legend on screen).
KIND_KEYS: dict[str, EntryKind] = {
    "1": EntryKind.DECISION,
    "2": EntryKind.ORDER,
    "3": EntryKind.ACTION,
    "4": EntryKind.INFO,
    "5": EntryKind.BOTTLENECK,
    "6": EntryKind.INFO_NEED,
    "7": EntryKind.PROPOSAL,
    "8": EntryKind.PROCESS,
    "9": EntryKind.STATUS,
}
KEY_OF_KIND: dict[EntryKind, str] = {kind: key for key, kind in KIND_KEYS.items()}

#: The queue keys (names as Flutter reports them, lower case, after ``ALIASES``).
QUEUE_KEYS: dict[str, Command] = {
    "enter": Command.CONFIRM,
    "e": Command.EDIT,
    "r": Command.REJECT,
    "down": Command.NEXT,
    "j": Command.NEXT,
    "up": Command.PREV,
    "k": Command.PREV,
    "n": Command.TYPE,
    "t": Command.TYPE,
    "/": Command.TYPE,
}

ALIASES: dict[str, str] = {
    "numpad enter": "enter",
    "return": "enter",
    "arrow down": "down",
    "arrow up": "up",
    "esc": "escape",
    "page down": "down",
    "page up": "up",
}

#: Commands that act on the selected draft: nothing happens when no draft is selected.
NEEDS_SELECTION = frozenset({Command.CONFIRM, Command.EDIT, Command.REJECT, Command.SET_KIND})


def key_name(key: str) -> str:
    """Flutter's key label → the name used in the tables ("Arrow Down" → "down", "Numpad 3" → "3")."""
    name = key.strip().lower()
    name = ALIASES.get(name, name)
    if name.startswith("numpad ") and name.removeprefix("numpad ") in KIND_KEYS:
        return name.removeprefix("numpad ")
    return name


def key_command(
    key: str,
    *,
    ctrl: bool = False,
    alt: bool = False,
    meta: bool = False,
    text_focused: bool = False,
    editing: bool = False,
    dialog_open: bool = False,
) -> KeyCommand | None:
    """The queue command for a key press on the logger's screen, or None to leave the key alone."""
    if ctrl or alt or meta or dialog_open:
        return None
    name = key_name(key)
    if name == "escape":
        return KeyCommand(Command.CANCEL) if editing or text_focused else None
    if text_focused or editing:
        return None
    if name in QUEUE_KEYS:
        return KeyCommand(QUEUE_KEYS[name])
    if name in KIND_KEYS:
        return KeyCommand(Command.SET_KIND, KIND_KEYS[name])
    return None


__all__ = ["Command", "KeyCommand", "KIND_KEYS", "KEY_OF_KIND", "NEEDS_SELECTION", "key_command", "key_name"]
