from dataclasses import replace

import pytest

from assistant.domain.entries import (
    GENESIS_HASH,
    Draft,
    DraftState,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    TaskStatus,
    next_number,
    parse_number,
    verify_chain,
)
from assistant.domain.errors import InvalidInput, InvalidTransition


def content(kind=EntryKind.ORDER, text="Drinkwater in de sporthal.", **kw) -> EntryContent:
    kw.setdefault("owner", "facilitair")
    kw.setdefault("deadline", "2026-02-05T10:30")
    return EntryContent(kind, text, **kw)


def chain(n: int) -> list[LogEntry]:
    out, prev = [], GENESIS_HASH
    for i in range(n):
        entry = LogEntry(
            f"e{i}",
            "c1",
            f"O-{i + 1}",
            1,
            1,
            "t",
            content(),
            TaskStatus.OPEN,
            "t",
            "logger",
            "logger",
            "t",
            Origin(),
            None,
            "bevestigd",
            i,
            prev,
        ).sealed()
        out.append(entry)
        prev = entry.hash
    return out


def test_numbers_are_per_kind_and_parse_back():
    assert next_number(EntryKind.DECISION, []) == "B-1"
    assert next_number(EntryKind.ORDER, {"O-1", "O-7", "B-9"}) == "O-8"
    assert next_number(EntryKind.INFO_NEED, {"I-3"}) == "IB-1"
    assert parse_number("a-4") == (EntryKind.ACTION, 4)
    with pytest.raises(InvalidInput):
        parse_number("X-1")


def test_draft_life_cycle_is_one_way():
    draft = Draft("d1", "c1", 1, "2026-02-05T10:00:00+01:00", content())
    edited = draft.edit(owner="hr", priority="hoog")
    assert edited.content.owner == "hr" and edited.content.priority.value == "hoog"
    done = edited.confirm("e1", "logger", "2026-02-05T10:01:00+01:00")
    assert done.state is DraftState.CONFIRMED
    with pytest.raises(InvalidTransition):
        done.reject("te laat", "logger", "x")
    with pytest.raises(InvalidTransition):
        done.edit(text="anders")
    assert Draft.from_dict(done.to_dict()) == done


def test_content_validation():
    with pytest.raises(InvalidInput):
        content(text="  ").validate()
    with pytest.raises(InvalidInput):
        content(deadline=None).with_changes(deadline="half drie").validate()
    with pytest.raises(InvalidInput):
        EntryContent(EntryKind.STATUS, "A-4 gereed.").validate()
    with pytest.raises(InvalidInput):
        content().with_changes(colour="red")


def test_entry_round_trip_and_hash_covers_every_field():
    entry = chain(1)[0]
    assert LogEntry.from_dict(entry.to_dict()) == entry
    assert replace(entry, confirmed_by="iemand").compute_hash() != entry.hash
    assert replace(entry, content=content(text="Anders.")).compute_hash() != entry.hash


def test_verify_chain_names_the_tampered_entry():
    entries = chain(4)
    assert verify_chain(entries) == []
    tampered = list(entries)
    tampered[2] = replace(entries[2], content=content(text="Vervalst."))
    problems = verify_chain(tampered)
    assert [(p.number, p.problem) for p in problems] == [("O-3", "hash_mismatch")]
    # a tamperer who also recomputes the hash breaks the link to the next version instead
    tampered[2] = tampered[2].sealed()
    assert [(p.number, p.problem) for p in verify_chain(tampered)] == [("O-4", "broken_link")]
    removed = entries[:1] + entries[2:]
    assert verify_chain(removed)[0].number == "O-3"


def test_kind_labels_and_prefixes():
    from assistant.i18n import label  # the domain keeps codes; the edge words them

    assert EntryKind.DECISION.prefix == "B" and label(EntryKind.DECISION) == "Besluit"
    assert EntryKind.ORDER.is_task and not EntryKind.INFO.is_task
    assert label(TaskStatus.IN_PROGRESS) == "in uitvoering" and TaskStatus.DONE.is_closed


def _task(
    deadline: str | None, status: TaskStatus | None = TaskStatus.OPEN, kind=EntryKind.ACTION
) -> LogEntry:
    return replace(chain(1)[0], content=content(kind, deadline=deadline), status=status)


def test_is_overdue_is_one_rule_at_minute_resolution_in_the_crisis_zone():
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    amsterdam = ZoneInfo("Europe/Amsterdam")
    task = _task("2026-02-05T10:30")
    assert not task.is_overdue(datetime(2026, 2, 5, 10, 30, 40, tzinfo=amsterdam))  # still its minute
    assert task.is_overdue(datetime(2026, 2, 5, 10, 31, tzinfo=amsterdam))
    # the same instant in UTC (09:31Z) is 10:31 in Amsterdam: the rule needs the crisis's zone
    utc = datetime(2026, 2, 5, 9, 31, tzinfo=timezone.utc)
    assert task.is_overdue(utc.astimezone(amsterdam)) and not task.is_overdue(utc)
    late = datetime(2026, 2, 5, 12, 0, tzinfo=amsterdam)
    assert not _task("2026-02-05T10:30", TaskStatus.DONE).is_overdue(late)
    assert not _task("2026-02-05T10:30", TaskStatus.CANCELLED).is_overdue(late)
    assert not _task(None).is_overdue(late)
    assert not _task("2026-02-05T10:30", None, EntryKind.INFO_NEED).is_overdue(late)
    with_offset = _task("2026-02-05T10:30+00:00")  # 11:30 in Amsterdam: an offset wins over the zone
    assert not with_offset.is_overdue(late - timedelta(minutes=45)) and with_offset.is_overdue(late)
    with pytest.raises(ValueError):
        task.is_overdue(datetime(2026, 2, 5, 12, 0))
    # a reader that knows better (the export) replaces status or deadline, never the rule
    assert not task.is_overdue(late, status=TaskStatus.DONE)  # closed by a later status entry
    assert not task.is_overdue(late, status=None)
    next_meeting = datetime(2026, 2, 5, 11, 0, tzinfo=amsterdam)  # "before the next meeting"
    assert _task(None).is_overdue(late, deadline=next_meeting)
    assert not _task(None).is_overdue(next_meeting, deadline=next_meeting)  # its own minute
    assert not task.is_overdue(late, deadline=None)


def test_entry_edit_is_checked_when_made_and_names_what_it_changes():
    from assistant.domain.entries import EntryEdit, Priority

    before = content()
    edit = EntryEdit.of(priority="hoog", owner="facilitair", text="Drinkwater en dekens.")
    assert edit.changes["priority"] is Priority.HIGH  # coerced once, here
    after = edit.apply(before)
    assert after.priority is Priority.HIGH and after.text == "Drinkwater en dekens."
    assert edit.changed_fields(before) == ("priority", "text")  # owner was already facilitair
    assert not EntryEdit() and edit
    with pytest.raises(InvalidInput):
        EntryEdit.of(colour="rood")
    with pytest.raises(TypeError):
        edit.changes["text"] = "x"  # type: ignore[index]  # a value: not changed afterwards
    assert EntryEdit.replacing(after).apply(before) == after


def test_unsealed_versions_carry_no_chain_position():
    entry = replace(chain(1)[0], seq=-1, prev_hash="", hash="")
    assert not entry.is_sealed and chain(1)[0].is_sealed
