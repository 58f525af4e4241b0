"""What the logger's screen computes (keys, selection and screen state, filters, labels, confidence
marks), without Flet."""

from __future__ import annotations

import pytest

from assistant.domain.entries import (
    DeadlineKind,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    Priority,
    TaskStatus,
)
from assistant.ui.logger import keys, model
from assistant.ui.logger.keys import Command, KeyCommand
from assistant.ui.logger.state import LoggerState, after_removal, move_selection

C = Command


@pytest.mark.parametrize(
    "key,expected",
    [
        ("Enter", KeyCommand(C.CONFIRM)),
        ("Numpad Enter", KeyCommand(C.CONFIRM)),
        ("E", KeyCommand(C.EDIT)),
        ("e", KeyCommand(C.EDIT)),
        ("R", KeyCommand(C.REJECT)),
        ("Arrow Down", KeyCommand(C.NEXT)),
        ("J", KeyCommand(C.NEXT)),
        ("Arrow Up", KeyCommand(C.PREV)),
        ("K", KeyCommand(C.PREV)),
        ("N", KeyCommand(C.TYPE)),
        ("1", KeyCommand(C.SET_KIND, EntryKind.DECISION)),
        ("2", KeyCommand(C.SET_KIND, EntryKind.ORDER)),
        ("3", KeyCommand(C.SET_KIND, EntryKind.ACTION)),
        ("4", KeyCommand(C.SET_KIND, EntryKind.INFO)),
        ("5", KeyCommand(C.SET_KIND, EntryKind.BOTTLENECK)),
        ("6", KeyCommand(C.SET_KIND, EntryKind.INFO_NEED)),
        ("7", KeyCommand(C.SET_KIND, EntryKind.PROPOSAL)),
        ("8", KeyCommand(C.SET_KIND, EntryKind.PROCESS)),
        ("9", KeyCommand(C.SET_KIND, EntryKind.STATUS)),
        ("Numpad 3", KeyCommand(C.SET_KIND, EntryKind.ACTION)),
        ("0", None),
        ("Numpad 0", None),
        ("X", None),
        ("Tab", None),
        ("Escape", None),
    ],
)
def test_keys_when_nothing_has_focus(key: str, expected: KeyCommand | None) -> None:
    assert keys.key_command(key) == expected


def test_keys_are_never_stolen_from_a_field_or_a_dialog() -> None:
    for key in ("Enter", "E", "R", "1", "9", "J", "Arrow Down", "N"):
        assert keys.key_command(key, text_focused=True) is None
        assert keys.key_command(key, dialog_open=True) is None
        assert keys.key_command(key, editing=True) is None
    # Escape leaves a field or the edit form, but belongs to the dialog when one is open
    assert keys.key_command("Escape", text_focused=True) == KeyCommand(C.CANCEL)
    assert keys.key_command("Escape", editing=True) == KeyCommand(C.CANCEL)
    assert keys.key_command("Escape", dialog_open=True) is None
    # browser shortcuts stay the browser's
    assert keys.key_command("R", ctrl=True) is None
    assert keys.key_command("1", alt=True) is None
    assert keys.key_command("Enter", meta=True) is None


def test_every_kind_has_a_number_key() -> None:
    assert set(keys.KIND_KEYS.values()) == set(EntryKind)
    assert all(keys.KIND_KEYS[keys.KEY_OF_KIND[k]] is k for k in EntryKind)


def test_the_command_table_every_command_reachable_and_only_draft_commands_need_a_selection() -> None:
    reachable = set(keys.QUEUE_KEYS.values()) | {C.SET_KIND, C.CANCEL}
    assert reachable == set(Command)
    assert {C.CONFIRM, C.EDIT, C.REJECT, C.SET_KIND} == keys.NEEDS_SELECTION
    # every key of the table is reachable through the key names Flutter reports
    for name, command in keys.QUEUE_KEYS.items():
        assert keys.key_command(name.upper()) == KeyCommand(command)


def test_selection_moves_and_follows_removals() -> None:
    ids = ["a", "b", "c"]
    assert move_selection(ids, None, 1) == "a"
    assert move_selection(ids, "a", 1) == "b"
    assert move_selection(ids, "c", 1) == "c"  # clamped
    assert move_selection(ids, "a", -1) == "a"
    assert move_selection([], "a", 1) is None
    assert after_removal(ids, "b", ["a", "c"]) == "c"  # the next one takes its place
    assert after_removal(ids, "c", ["a", "b"]) == "b"  # the last one: the one before
    assert after_removal(ids, "a", []) is None
    assert after_removal(ids, "x", ["a"]) == "a"


# --- the screen's state: pure transitions -------------------------------------------------------------


def test_state_follows_the_queue_read_from_the_room() -> None:
    state = LoggerState().with_drafts(["a", "b", "c"])
    assert state.selected == "a" and state.editing is None  # the oldest draft is selected
    state = state.select("b").edit("b")
    assert (state.selected, state.editing) == ("b", "b")
    # confirmed on another laptop: b leaves the queue, its form closes, the selection moves on
    state = state.with_drafts(["a", "c"])
    assert (state.selected, state.editing) == ("a", None)
    assert state.with_drafts([]).selected is None
    # selecting or editing a draft that is not in the queue changes nothing
    assert state.select("zz") is state and state.edit("zz") is state


def test_state_after_a_confirm_or_reject_here_selects_the_draft_that_took_its_place() -> None:
    state = LoggerState().with_drafts(["a", "b", "c"]).edit("b")
    after = state.removed("b")
    assert (after.draft_ids, after.selected, after.editing) == (("a", "c"), "c", None)
    last = LoggerState().with_drafts(["a", "b"]).select("b").removed("b")
    assert last.selected == "a"
    # a form on another draft stays open
    other = LoggerState().with_drafts(["a", "b"]).edit("a").removed("b")
    assert other.editing == "a"


def test_state_moves_adds_and_keeps_the_filter_and_played_durations() -> None:
    state = LoggerState().with_drafts(["a", "b"])
    assert state.move(1).selected == "b" and state.move(1).move(1).selected == "b"
    assert state.move(-1).selected == "a"
    empty = LoggerState()
    assert empty.added("x").selected == "x"  # a typed line: selected when nothing was
    assert state.added("x").selected == "a"  # ... and left alone when something was
    assert state.focus("x").selected == "x"  # a promoted line: selected on purpose
    viewed = state.with_view(model.VIEW_ACTIONS)
    assert viewed.filter.view == model.VIEW_ACTIONS and state.filter.view == model.VIEW_LOG
    filtered = viewed.with_filter(model.LogFilter(model.VIEW_DECISIONS, query="pers"))
    assert filtered.filter.query == "pers"
    played = state.with_played("r1", 2.5).with_played("r2", 1.0)
    assert dict(played.played) == {"r1": 2.5, "r2": 1.0} and dict(state.played) == {}
    with pytest.raises(TypeError):
        played.played["r3"] = 1.0  # type: ignore[index]


def entry(
    number: str,
    kind: EntryKind,
    text: str,
    *,
    meeting: int = 1,
    owner: str | None = None,
    status: TaskStatus | None = None,
    deadline: str | None = None,
    transcript: str = "",
) -> LogEntry:
    return LogEntry(
        entry_id=number.lower(),
        crisis_id="c",
        number=number,
        version=1,
        meeting_number=meeting,
        recorded_at="2026-02-05T10:00:00+01:00",
        content=EntryContent(kind, text, owner=owner, deadline=deadline),
        status=status,
        status_changed_at=None,
        status_changed_by=None,
        confirmed_by="logger",
        confirmed_at="2026-02-05T10:00:00+01:00",
        origin=Origin("speech" if transcript else "typed", transcript),
        draft_id=None,
        change_note="",
        seq=0,
        prev_hash="",
    )


ENTRIES = [
    entry("B-1", EntryKind.DECISION, "We sluiten gebouw B.", meeting=1),
    entry(
        "O-1",
        EntryKind.ORDER,
        "Lijst aanwezigen.",
        owner="hr",
        status=TaskStatus.OPEN,
        deadline="2026-02-05T11:00",
    ),
    entry(
        "A-1",
        EntryKind.ACTION,
        "Persbericht opstellen.",
        meeting=2,
        owner="communicatie",
        status=TaskStatus.DONE,
    ),
    entry(
        "I-1", EntryKind.INFO, "Stroom is terug.", meeting=2, transcript="ter informatie de stroom is terug"
    ),
    entry("B-2", EntryKind.DECISION, "Kantine blijft open.", meeting=2),
]


def numbers(entries: list[LogEntry]) -> list[str]:
    return [e.number for e in entries]


def test_the_log_newest_first_and_the_lists_by_number() -> None:
    assert numbers(model.LogFilter().apply(ENTRIES)) == ["B-2", "I-1", "A-1", "O-1", "B-1"]
    assert numbers(model.LogFilter(model.VIEW_DECISIONS).apply(ENTRIES)) == ["B-1", "B-2"]
    assert numbers(model.LogFilter(model.VIEW_ACTIONS).apply(ENTRIES)) == ["A-1", "O-1"]


def test_filters_combine() -> None:
    assert numbers(model.LogFilter(meeting=2).apply(ENTRIES)) == ["B-2", "I-1", "A-1"]
    assert numbers(model.LogFilter(kind="order").apply(ENTRIES)) == ["O-1"]
    assert numbers(model.LogFilter(owner="hr").apply(ENTRIES)) == ["O-1"]
    assert numbers(model.LogFilter(status="done").apply(ENTRIES)) == ["A-1"]
    assert numbers(model.LogFilter(status="open_all").apply(ENTRIES)) == ["O-1"]
    assert numbers(model.LogFilter(model.VIEW_ACTIONS, meeting=2).apply(ENTRIES)) == ["A-1"]
    assert numbers(model.LogFilter(view=model.VIEW_DECISIONS, owner="hr").apply(ENTRIES)) == []


def test_search_looks_in_number_text_owner_and_transcript() -> None:
    assert numbers(model.LogFilter(query="gebouw").apply(ENTRIES)) == ["B-1"]
    assert numbers(model.LogFilter(query="o-1").apply(ENTRIES)) == ["O-1"]
    assert numbers(model.LogFilter(query="communicatie").apply(ENTRIES)) == ["A-1"]
    assert numbers(model.LogFilter(query="informatie stroom").apply(ENTRIES)) == ["I-1"]  # every word
    assert numbers(model.LogFilter(query="  ").apply(ENTRIES)) == numbers(model.LogFilter().apply(ENTRIES))


def test_deadline_labels() -> None:
    by = EntryContent(EntryKind.ACTION, "x", deadline="2026-02-05T14:30", deadline_kind=DeadlineKind.BY)
    assert model.deadline_label(by, "nl", today="2026-02-05") == "uiterlijk 14:30"
    assert model.deadline_label(by, "en", today="2026-02-05") == "by 14:30"
    assert model.deadline_label(by, "nl", today="2026-02-04") == "uiterlijk 14:30 (5-2)"
    at = EntryContent(EntryKind.ACTION, "x", deadline="2026-02-05T09:00", deadline_kind=DeadlineKind.AT)
    assert model.deadline_label(at, "nl", today="2026-02-05") == "om 09:00"
    nxt = EntryContent(
        EntryKind.ACTION, "x", deadline="2026-02-05T12:00", deadline_kind=DeadlineKind.NEXT_MEETING
    )
    assert model.deadline_label(nxt, "nl", today="2026-02-05") == "volgend overleg (12:00)"
    asap = EntryContent(EntryKind.ACTION, "x", deadline_kind=DeadlineKind.ASAP)
    assert model.deadline_label(asap, "nl") == "z.s.m."
    assert model.deadline_label(EntryContent(EntryKind.ACTION, "x"), "nl") == ""
    assert model.clock_time("2026-02-05T14:05:12+01:00") == "14:05"
    assert model.clock_time(None) == ""


def test_low_confidence_words_are_marked_where_the_recogniser_doubted() -> None:
    words = [
        {"word": "we", "conf": 1.0},
        {"word": "sluiten", "conf": 0.4},
        {"word": "het", "conf": 0.9},
        {"word": "gebouw", "conf": 0.3},
    ]
    assert model.confidence_spans("we sluiten het gebouw", words) == [
        ("we ", False),
        ("sluiten", True),
        (" het ", False),
        ("gebouw", True),
    ]
    # the same word twice: only the doubted occurrence
    words = [{"word": "b", "conf": 0.2}, {"word": "en", "conf": 1.0}, {"word": "b", "conf": 1.0}]
    assert model.confidence_spans("b en b", words) == [("b", True), (" en b", False)]
    # without per-word confidences: Origin.low_confidence_words
    assert model.confidence_spans("Actie voor HR.", low_words=["hr"]) == [
        ("Actie voor ", False),
        ("HR.", True),
    ]
    assert model.confidence_spans("", []) == []
    text = "alles goed verstaan"
    assert "".join(piece for piece, _ in model.confidence_spans(text, [{"word": "x", "conf": 0.1}])) == text


def test_entry_summary() -> None:
    content = EntryContent(
        EntryKind.ORDER,
        "Lijst aanwezigen.",
        owner="hr",
        deadline="2026-02-05T11:00",
        deadline_kind=DeadlineKind.BY,
        priority=Priority.HIGH,
    )
    order = entry("O-3", EntryKind.ORDER, "Lijst aanwezigen.", status=TaskStatus.OPEN)
    order = LogEntry(**{**order.__dict__, "content": content})
    assert (
        model.entry_summary(order, "nl", "HR")
        == "O-3 Opdracht: Lijst aanwezigen. (HR, uiterlijk 11:00, open)"
    )
