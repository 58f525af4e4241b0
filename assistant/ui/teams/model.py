"""What the teams parts of the screens show, as plain comparable values (no Flet, no room calls).

Pure functions over what ``room.teams`` returns (``LinkStatus``, ``TeamPicture``, ``CrossTeamOrder``):
equal values draw equal controls, so a redraw that changes nothing sends nothing. Every text is the
catalogue's (``assistant/i18n``); other teams' entries are always headed with their team's name, so
nothing of theirs can be read as ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from assistant.domain.entries import LogEntry
from assistant.i18n import label, t
from assistant.teams.orders import TEAM_OWNER_PREFIX, CrossTeamOrder, TeamPicture, team_label
from assistant.teams.status import LinkStatus


def owner_label(owner: str | None) -> str | None:
    """``team:lokaal_noord`` → ``team Lokaal Noord`` (other owners: None, the roster words them)."""
    if owner and owner.startswith(TEAM_OWNER_PREFIX):
        return f"team {team_label(owner[len(TEAM_OWNER_PREFIX) :])}"
    return None


@dataclass(frozen=True)
class ChipView:
    """One linked team's chip: "Centraal: verbonden"."""

    team: str
    text: str
    connected: bool
    problem: bool


def chip_views(statuses: Iterable[LinkStatus], lang: str, zone: tzinfo | None) -> tuple[ChipView, ...]:
    return tuple(
        ChipView(
            s.team,
            t("teams.chip", lang, team=team_label(s.team), status=s.text(lang, zone)),
            s.connected and not s.problem,
            bool(s.problem),
        )
        for s in statuses
    )


@dataclass(frozen=True)
class Line:
    """One of their entries: "B-3  Gebouw B blijft dicht" with its kind's word for screen readers."""

    number: str
    text: str
    kind: str


def _lines(entries: Sequence[LogEntry], lang: str) -> tuple[Line, ...]:
    return tuple(Line(e.number, e.content.text, label(e.kind, lang)) for e in entries)


@dataclass(frozen=True)
class PictureView:
    """Another team's situation picture, read-only, headed with its name."""

    team: str
    title: str  # "Team Centraal"
    decisions: tuple[Line, ...]
    orders_for_us: tuple[Line, ...]
    info: tuple[Line, ...]

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.orders_for_us or self.info)


def picture_views(pictures: Iterable[TeamPicture], lang: str, limit: int = 5) -> tuple[PictureView, ...]:
    return tuple(
        PictureView(
            p.team,
            t("teams.picture_title", lang, team=team_label(p.team)),
            _lines(p.decisions[:limit], lang),
            _lines(p.orders_for_us[:limit], lang),
            _lines(p.info[:limit], lang),
        )
        for p in pictures
    )


def answer_text(order: CrossTeamOrder, lang: str) -> str:
    """Our order's answer as the receiving team's log shows it (the Controle list's line)."""
    team = team_label(order.team)
    if order.status is None:
        return t("teams.answer_none", lang, team=team)
    if order.declined:
        return t("teams.answer_declined", lang, team=team, number=order.their_number or "")
    return t(
        "teams.answer_status",
        lang,
        team=team,
        number=order.their_number or "",
        status=label(order.status, lang),
    )


def answer_texts(orders: Iterable[CrossTeamOrder], lang: str) -> dict[str, str]:
    """Our number ("O-3") → the answer line."""
    return {o.number: answer_text(o, lang) for o in orders}


@dataclass(frozen=True)
class TeamsView:
    """Everything the teams parts of one screen show."""

    linked: bool = False
    chips: tuple[ChipView, ...] = ()
    pictures: tuple[PictureView, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()  # (our number, answer line), in log order

    @property
    def answer_of(self) -> dict[str, str]:
        return dict(self.answers)


def teams_view(
    linked: bool,
    statuses: Iterable[LinkStatus],
    pictures: Iterable[TeamPicture],
    orders: Iterable[CrossTeamOrder],
    lang: str,
    zone: tzinfo | None,
) -> TeamsView:
    if not linked:
        return TeamsView()
    return TeamsView(
        True,
        chip_views(statuses, lang, zone),
        picture_views(pictures, lang),
        tuple(answer_texts(orders, lang).items()),
    )
