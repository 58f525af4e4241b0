"""Orders across teams: addressed by owner ``team:<name>``, answered in the receiver's own log.

* The sender logs an order as usual with owner ``team:lokaal_noord``; it stays in the sender's log.
* The receiver's teams service turns that mirrored order into a pending draft (``incoming_draft``)
  with ``ref = "<sender>/<number>"``; the logger accepts it (confirm, picking a local owner) or
  declines it (confirm, then status *vervallen* with the reason): either way the answer is an
  entry in the receiver's own log that refers back.
* The sender reads the receiver's mirrored log (``answers``): the newest version of the order
  whose ``ref`` points at its own number gives the status its Controle list shows.

No team ever writes into another team's log. Pure functions over ``LogEntry`` (no I/O).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assistant.domain.entries import Draft, EntryContent, EntryKind, LogEntry, Origin, TaskStatus

TEAM_OWNER_PREFIX = "team:"


def team_label(team: str) -> str:
    """A team id as people write it: ``lokaal_noord`` → ``Lokaal Noord`` (ids are lower case)."""
    return " ".join(part.capitalize() for part in team.split("_") if part)


def owner_for_team(team: str) -> str:
    """The owner value that addresses an order to another team."""
    return f"{TEAM_OWNER_PREFIX}{team}"


def target_team(entry: LogEntry) -> str | None:
    owner = entry.content.owner or ""
    return owner[len(TEAM_OWNER_PREFIX) :] if owner.startswith(TEAM_OWNER_PREFIX) else None


def sender_team(draft: Draft) -> str | None:
    """The team an incoming order came from (its draft's origin is ``team:<sender>``), else None."""
    source = draft.origin.source or ""
    return source[len(TEAM_OWNER_PREFIX) :] if source.startswith(TEAM_OWNER_PREFIX) else None


def cross_ref(team: str, number: str) -> str:
    return f"{team}/{number}"


def incoming_draft_id(sender: str, entry: LogEntry) -> str:
    """Deterministic: re-processing the same mirrored order never makes a second draft."""
    return f"team-{sender}-{entry.entry_id}"


def incoming_orders(sender: str, versions: Iterable[LogEntry], us: str) -> list[LogEntry]:
    """First versions of the sender's orders addressed to us."""
    return [v for v in versions if v.kind is EntryKind.ORDER and v.version == 1 and target_team(v) == us]


def incoming_draft(sender: str, order: LogEntry, crisis_id: str, now: datetime) -> Draft:
    """The draft the receiver's logger sees: the sender's text, deadline and priority, no owner yet."""
    content = EntryContent(
        EntryKind.ORDER,
        order.content.text,
        reason=order.content.reason,
        deadline=order.content.deadline,
        deadline_kind=order.content.deadline_kind,
        deadline_words=order.content.deadline_words,
        priority=order.content.priority,
        ref=cross_ref(sender, order.number),
    )
    return Draft(
        draft_id=incoming_draft_id(sender, order),
        crisis_id=crisis_id,
        meeting_number=None,
        created_at=now.isoformat(timespec="seconds"),
        content=content,
        origin=Origin(
            source=owner_for_team(sender), transcript=f"{sender} {order.number}: {order.content.text}"
        ),
    )


@dataclass(frozen=True)
class CrossTeamOrder:
    """One of our orders to another team, with the answer as the receiver's log shows it."""

    number: str  # ours: "O-3"
    text: str
    team: str  # the receiver
    their_number: str | None  # the receiver's entry, once answered
    status: TaskStatus | None  # None: not answered yet
    declined: bool


def latest_versions(versions: Iterable[LogEntry]) -> dict[str, LogEntry]:
    latest: dict[str, LogEntry] = {}
    for v in sorted(versions, key=lambda v: v.seq):
        latest[v.entry_id] = v
    return latest


def answers(
    us: str, own: Sequence[LogEntry], mirrors: Mapping[str, Sequence[LogEntry]]
) -> list[CrossTeamOrder]:
    """Our cross-team orders with their status from each receiver's mirrored log."""
    result = []
    for order in latest_versions(own).values():
        team = target_team(order)
        if order.kind is not EntryKind.ORDER or team is None:
            continue
        ref = cross_ref(us, order.number)
        answer = next(
            (
                v
                for v in latest_versions(mirrors.get(team, ())).values()
                if v.content.ref == ref and v.kind is EntryKind.ORDER
            ),
            None,
        )
        declined = answer is not None and answer.status is TaskStatus.CANCELLED
        result.append(
            CrossTeamOrder(
                order.number,
                order.content.text,
                team,
                answer.number if answer else None,
                answer.status if answer else None,
                declined,
            )
        )
    return result


@dataclass(frozen=True)
class TeamPicture:
    """What the chair's tablet and the wall show of another team: its latest decisions, its open
    orders for us, and its latest information and bottlenecks."""

    team: str
    decisions: tuple[LogEntry, ...]
    orders_for_us: tuple[LogEntry, ...]
    info: tuple[LogEntry, ...]


def picture(team: str, us: str, versions: Sequence[LogEntry], limit: int = 5) -> TeamPicture:
    current = sorted(latest_versions(versions).values(), key=lambda v: v.recorded_at)
    decisions = [v for v in current if v.kind is EntryKind.DECISION][-limit:]
    orders = [
        v
        for v in current
        if v.kind is EntryKind.ORDER and target_team(v) == us and not (v.status and v.status.is_closed)
    ]
    info = [v for v in current if v.kind in (EntryKind.INFO, EntryKind.BOTTLENECK)][-limit:]
    return TeamPicture(team, tuple(reversed(decisions)), tuple(orders), tuple(reversed(info)))
