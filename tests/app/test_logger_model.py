"""What the logger's screen computes (keys, selection, filters, labels, confidence marks), without Flet."""

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
from assistant.ui.logger import model


@pytest.mark.parametrize(
    "key,expected",
    [
        ("Enter", "confirm"),
        ("Numpad Enter", "confirm"),
        ("E", "edit"),
        ("e", "edit"),
        ("R", "reject"),
        ("Arrow Down", "down_cmd"),
        ("J", "down_cmd"),
        ("Arrow Up", "up_cmd"),
        ("K", "up_cmd"),
        ("N", "type"),
        ("1", "kind:decision"),
        ("2", "kind:order"),
        ("3", "kind:action"),
        ("4", "kind:info"),
        ("5", "kind:bottleneck"),
        ("6", "kind:info_need"),
        ("7", "kind:proposal"),
        ("8", "kind:process"),
        ("9", "kind:status"),
        ("Numpad 3", "kind:action"),
        ("0", None),
        ("X", None),
        ("Tab", None),
        ("Escape", None),
    ],
)
def test_keys_when_nothing_has_focus(key: str, expected: str | None) -> None:
    expected = {"down_cmd": "next", "up_cmd": "prev"}.get(expected or "", expected)
    assert model.key_action(key) == expected


def test_keys_are_never_stolen_from_a_field_or_a_dialog() -> None:
    for key in ("Enter", "E", "R", "1", "9", "J", "Arrow Down", "N"):
        assert model.key_action(key, text_focused=True) is None
        assert model.key_action(key, dialog_open=True) is None
        assert model.key_action(key, editing=True) is None
    # Escape leaves a field or the edit form, but belongs to the dialog when one is open
    assert model.key_action("Escape", text_focused=True) == "cancel"
    assert model.key_action("Escape", editing=True) == "cancel"
    assert model.key_action("Escape", dialog_open=True) is None
    # browser shortcuts stay the browser's
    assert model.key_action("R", ctrl=True) is None
    assert model.key_action("1", alt=True) is None
    assert model.key_action("Enter", meta=True) is None


def test_every_kind_has_a_number_key() -> None:
    assert set(model.KIND_KEYS.values()) == set(EntryKind)
    assert all(model.KIND_KEYS[model.KEY_OF_KIND[k]] is k for k in EntryKind)


def test_selection_moves_and_follows_removals() -> None:
    ids = ["a", "b", "c"]
    assert model.move_selection(ids, None, 1) == "a"
    assert model.move_selection(ids, "a", 1) == "b"
    assert model.move_selection(ids, "c", 1) == "c"  # clamped
    assert model.move_selection(ids, "a", -1) == "a"
    assert model.move_selection([], "a", 1) is None
    assert model.after_removal(ids, "b", ["a", "c"]) == "c"  # the next one takes its place
    assert model.after_removal(ids, "c", ["a", "b"]) == "b"  # the last one: the one before
    assert model.after_removal(ids, "a", []) is None
    assert model.after_removal(ids, "x", ["a"]) == "a"


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
