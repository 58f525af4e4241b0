"""``assistant demo-data [--force]``: a realistic crisis to try the app, built through the domain objects
and the repository.

"Brand in gebouw B" at a university: three meetings (two closed, the third running), a confirmed
log of every kind (decisions with reasons, orders and actions with owners, deadlines and statuses,
status updates that make a version 2, an edited entry), drafts (confirmed, rejected, pending),
transcript lines, the chair's individual log and stakeholders.

``build_demo_crisis(repo, now)`` is reused by tests and exports; times are relative to ``now``
(the third meeting started 12 minutes before ``now``).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from assistant.domain.clock import MeetingClock
from assistant.domain.entries import (
    GENESIS_HASH,
    DeadlineKind,
    Draft,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    Priority,
    Reliability,
    TaskStatus,
    next_number,
)
from assistant.domain.individual import DEFAULT_STAKEHOLDERS, IndividualItem, Stakeholder
from assistant.domain.meeting import Attendance, Crisis, Meeting, new_meeting
from assistant.domain.roster import Roster
from assistant.storage.repository import Repository, TranscriptLine

HELP = "fill the data folder with a realistic crisis to try the app"

TIMEZONE = "Europe/Amsterdam"
CRISIS_NAME = "Brand in gebouw B"
ORGANISATION = "Universiteit Hoogland"

# The team of /work/shared/corpus/roster.json (the roster the parser corpus assumes).
ROSTER_PEOPLE = {
    "voorzitter": "Marieke de Vries",
    "crisiscoordinator": "Ahmed Yilmaz",
    "logger": "Sanne Bakker",
    "berichtenmanager": "Tom Jansen",
    "communicatie": "Eva Visser",
    "hr": "Peter de Boer",
    "facilitair": "Kees Mulder",
    "ict": "Lotte Smit",
    "juridisch": "Joost van Dijk",
    "security": "Fatima El Amrani",
}


def _id() -> str:
    return uuid.uuid4().hex[:12]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _words(text: str, start: float, low: tuple[str, ...] = ()) -> tuple[dict[str, Any], ...]:
    words = []
    t = start
    for word in text.split():
        duration = 0.12 + 0.05 * len(word)
        words.append(
            {
                "word": word,
                "start": round(t, 2),
                "end": round(t + duration, 2),
                "conf": 0.52 if word in low else 0.93,
            }
        )
        t += duration + 0.08
    return tuple(words)


class _Builder:
    """Small helper mirroring what the app service does on confirm, status change and edit."""

    def __init__(self, repo: Repository, crisis: Crisis) -> None:
        self.repo = repo
        self.crisis = crisis
        self.by_number: dict[str, LogEntry] = {}
        self.audio_clock = 0.0

    # --- log ------------------------------------------------------------------------------------------

    def confirm(
        self,
        meeting: int | None,
        at: datetime,
        content: EntryContent,
        *,
        by: str = "logger",
        draft: Draft | None = None,
        note: str = "bevestigd",
    ) -> LogEntry:
        versions = self.repo.entry_versions(self.crisis.crisis_id)
        number = next_number(content.kind, {v.number for v in versions})
        stamp = _iso(at)
        status = TaskStatus.OPEN if content.kind.is_task else None
        entry = LogEntry(
            entry_id=_id(),
            crisis_id=self.crisis.crisis_id,
            number=number,
            version=1,
            meeting_number=meeting,
            recorded_at=draft.created_at if draft else stamp,
            content=content,
            status=status,
            status_changed_at=stamp if status else None,
            status_changed_by=by if status else None,
            confirmed_by=by,
            confirmed_at=stamp,
            origin=draft.origin if draft else Origin("typed"),
            draft_id=draft.draft_id if draft else None,
            change_note=note,
            seq=0,
            prev_hash=GENESIS_HASH,
        )
        decided = draft.confirm(entry.entry_id, by, stamp) if draft else None
        stored = self.repo.append_entry(entry, decided)
        self.by_number[stored.number] = stored
        return stored

    def new_version(
        self,
        number: str,
        at: datetime,
        note: str,
        *,
        by: str = "logger",
        status: TaskStatus | None = None,
        **changes: Any,
    ) -> LogEntry:
        current = self.by_number[number]
        stamp = _iso(at)
        status_changed = status is not None and status != current.status
        entry = replace(
            current,
            version=current.version + 1,
            content=current.content.with_changes(**changes),
            status=status if status is not None else current.status,
            status_changed_at=stamp if status_changed else current.status_changed_at,
            status_changed_by=by if status_changed else current.status_changed_by,
            confirmed_by=by,
            confirmed_at=stamp,
            change_note=note,
            hash="",
        )
        stored = self.repo.append_entry(entry)
        self.by_number[number] = stored
        return stored

    def status(
        self,
        meeting: int,
        at: datetime,
        ref: str,
        new_status: TaskStatus,
        text: str,
        *,
        spoken: str | None = None,
    ) -> LogEntry:
        content = EntryContent(EntryKind.STATUS, text, phase="controle", ref=ref, new_status=new_status)
        draft = (
            self.speech_draft(meeting, at - timedelta(seconds=40), spoken, content, "controle")
            if spoken
            else None
        )
        entry = self.confirm(meeting, at, content, draft=draft, note="status")
        self.new_version(ref, at, f"status via {entry.number}", status=new_status)
        return entry

    # --- speech ---------------------------------------------------------------------------------------

    def line(
        self,
        meeting: int | None,
        at: datetime,
        text: str,
        phase: str | None,
        *,
        kind: str = "none",
        draft_ids: tuple[str, ...] = (),
        low: tuple[str, ...] = (),
    ) -> TranscriptLine:
        start = self.audio_clock
        words = _words(text, start, low)
        self.audio_clock = (words[-1]["end"] if words else start) + 2.0
        confidence = round(sum(w["conf"] for w in words) / len(words), 2) if words else None
        line = TranscriptLine(
            _id(),
            self.crisis.crisis_id,
            meeting,
            phase,
            _iso(at),
            text,
            confidence,
            words,
            None,
            "speech",
            kind,
            draft_ids,
        )
        self.repo.append_transcript(line)
        return line

    def speech_draft(
        self,
        meeting: int | None,
        at: datetime,
        spoken: str,
        content: EntryContent,
        phase: str | None,
        *,
        low: tuple[str, ...] = (),
        field_confidence: dict[str, float] | None = None,
    ) -> Draft:
        draft_id = _id()
        start = self.audio_clock
        line = self.line(meeting, at, spoken, phase, kind=content.kind.value, draft_ids=(draft_id,), low=low)
        end = line.words[-1]["end"] if line.words else start
        origin = Origin("speech", spoken, None, start, end, line.confidence, low)
        draft = Draft(
            draft_id,
            self.crisis.crisis_id,
            meeting,
            _iso(at),
            content,
            origin,
            field_confidence or {"kind": 0.92},
        )
        self.repo.save_draft(draft)
        return draft

    def typed_draft(self, meeting: int | None, at: datetime, typed: str, content: EntryContent) -> Draft:
        draft = Draft(
            _id(),
            self.crisis.crisis_id,
            meeting,
            _iso(at),
            content,
            Origin("typed", transcript=typed),
            {"kind": 0.3},
        )
        self.repo.save_draft(draft)
        return draft


def _run_clock(
    meeting: Meeting,
    start: datetime,
    minutes_per_item: list[float],
    *,
    end: bool,
    extend: dict[int, float] | None = None,
) -> dict[str, Any]:
    clock = MeetingClock(meeting.agenda, meeting.clock)
    clock.start(start)
    t = start
    for index, minutes in enumerate(minutes_per_item):
        if extend and index in extend:
            clock.extend(extend[index], t + timedelta(minutes=minutes / 2))
        t += timedelta(minutes=minutes)
        if index < len(minutes_per_item) - 1:
            clock.next_item(t)
    if end:
        clock.end(t)
    return clock.to_state()


def build_demo_crisis(repo: Repository, now: datetime, crisis_id: str | None = None) -> Crisis:
    """Create the demo crisis in ``repo`` (through domain objects) and return it.

    ``now`` may be naive (taken as Europe/Amsterdam time). The crisis began 4 h 32 min before ``now``;
    meetings 1 and 2 are closed, meeting 3 started 12 minutes before ``now`` and is in Beeldvorming.
    """
    tz = ZoneInfo(TIMEZONE)
    now = now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)
    now = now.replace(second=0, microsecond=0)
    t0 = now - timedelta(hours=4, minutes=32)

    roster = Roster.default()
    for role_id, person in ROSTER_PEOPLE.items():
        roster = roster.update(role_id, person=person)
    roster = roster.update("hr", synonyms=("p en o", "personeelszaken"))
    crisis = Crisis(
        crisis_id or f"demo-{_id()[:8]}",
        CRISIS_NAME,
        ORGANISATION,
        _iso(t0),
        TIMEZONE,
        roster,
        cycle_minutes=120,
    )
    crisis.validate()
    repo.save_crisis(crisis)
    b = _Builder(repo, crisis)
    cid = crisis.crisis_id

    # --- stakeholders (card tasks 9 and 11) -------------------------------------------------------------
    stakeholders: dict[str, Stakeholder] = {}
    for name, group in DEFAULT_STAKEHOLDERS:
        stakeholders[name] = Stakeholder(_id(), cid, name, group, "voorzitter")
    stakeholders["brandweer"] = Stakeholder(
        _id(), cid, "Brandweer (officier van dienst)", "ketenpartner", "crisiscoordinator"
    )
    stakeholders["intern"] = Stakeholder(
        _id(),
        cid,
        "Studenten en medewerkers",
        "intern",
        "communicatie",
        note="Via intranet, e-mail en sociale media.",
    )
    for stakeholder in stakeholders.values():
        repo.save_stakeholder(stakeholder)

    def at(minutes: float) -> datetime:
        return t0 + timedelta(minutes=minutes)

    # --- meeting 1: first meeting ---------------------------------------------------------------------
    m1_start = at(20)
    m1 = new_meeting(crisis, 1, m1_start)
    m1 = m1.with_changes(
        attendance=Attendance(
            present=tuple(r for r in ROSTER_PEOPLE if r != "juridisch"),
            absent=("juridisch",),
            delegated={"juridisch": "voorzitter"},
        )
    )
    repo.save_meeting(m1)
    s = m1_start
    b.line(
        1,
        s + timedelta(minutes=0.5),
        "goedemiddag allemaal we beginnen het doel is de opvang en het beeld van de brand in gebouw b",
        None,
    )
    b.line(1, s + timedelta(minutes=2), "telefoons graag op stil en alleen ik geef het woord", "startup")
    b.confirm(
        1,
        s + timedelta(minutes=6),
        EntryContent(
            EntryKind.INFO,
            "Brand op de tweede verdieping van gebouw B (Scheikunde), vermoedelijk ontstaan in lab 2.14. "
            "Brandweer is ter plaatse; gebouw B is volledig ontruimd.",
            phase="beeldvorming",
            reliability=Reliability.CONFIRMED,
            info_source="Brandweer via crisiscoördinator",
        ),
    )
    spoken = (
        "onbevestigd mogelijk zijn nog twee medewerkers van organische chemie in het gebouw ze staan niet "
        "op de verzamelplaats"
    )
    draft = b.speech_draft(
        1,
        s + timedelta(minutes=7),
        spoken,
        EntryContent(
            EntryKind.INFO,
            "Mogelijk zijn nog twee medewerkers van de vakgroep Organische Chemie in het gebouw; zij "
            "staan niet op de verzamelplaats.",
            phase="beeldvorming",
            reliability=Reliability.UNCONFIRMED,
            info_source="BHV-ploegleider",
        ),
        "beeldvorming",
        field_confidence={"kind": 0.9, "reliability": 0.95},
    )
    b.confirm(1, s + timedelta(minutes=8), draft.content, draft=draft)
    b.confirm(
        1,
        s + timedelta(minutes=9),
        EntryContent(
            EntryKind.INFO,
            "We gaan ervan uit dat gebouw B de rest van de week niet bruikbaar is.",
            phase="beeldvorming",
            reliability=Reliability.ASSUMPTION,
            info_source="Facilitair",
        ),
    )
    b.confirm(
        1,
        s + timedelta(minutes=10),
        EntryContent(
            EntryKind.INFO_NEED,
            "Volledig overzicht van wie er vandaag in gebouw B aanwezig was (medewerkers, "
            "studenten, gasten).",
            phase="beeldvorming",
            owner="hr",
            deadline=_local(s + timedelta(minutes=45)),
            deadline_kind=DeadlineKind.AT,
            deadline_words=f"om {s + timedelta(minutes=45):%H:%M}",
            priority=Priority.HIGH,
        ),
    )
    b.confirm(
        1,
        s + timedelta(minutes=13),
        EntryContent(
            EntryKind.BOTTLENECK,
            "Circa 300 ontruimde studenten en medewerkers staan zonder jas buiten op het "
            "Zuidplein; er is geen opvanglocatie.",
            phase="oordeelsvorming",
        ),
    )
    spoken = "ik stel voor dat we de ontruimden opvangen in de aula van gebouw a"
    draft = b.speech_draft(
        1,
        s + timedelta(minutes=15),
        spoken,
        EntryContent(
            EntryKind.PROPOSAL, "Opvang van de ontruimden in de aula van gebouw A.", phase="oordeelsvorming"
        ),
        "oordeelsvorming",
    )
    b.confirm(1, s + timedelta(minutes=15.5), draft.content, draft=draft)
    spoken = "akkoord zo besloten de ontruimden worden opgevangen in de aula van gebouw a"
    draft = b.speech_draft(
        1,
        s + timedelta(minutes=18),
        spoken,
        EntryContent(
            EntryKind.DECISION,
            "Ontruimde studenten en medewerkers worden opgevangen in de aula van gebouw A.",
            phase="besluitvorming",
            reason="Gebouw A ligt buiten de rookzone, is verwarmd en biedt plaats aan 400 "
            "personen; de brandweer heeft geen bezwaar.",
            ref="V-1",
        ),
        "besluitvorming",
        field_confidence={"kind": 0.97, "reason": 0.6},
    )
    b.confirm(1, s + timedelta(minutes=19), draft.content, draft=draft, by="voorzitter")
    b.confirm(
        1,
        s + timedelta(minutes=21),
        EntryContent(
            EntryKind.DECISION,
            "Alle onderwijs en tentamens in gebouw B vervallen vandaag en morgen.",
            phase="besluitvorming",
            reason="Gebouw B is niet toegankelijk en de veiligheid van studenten gaat voor; "
            "uitwijklocaties zijn op korte termijn niet te regelen.",
        ),
        by="voorzitter",
    )
    deadline = s + timedelta(minutes=40)
    b.confirm(
        1,
        s + timedelta(minutes=24),
        EntryContent(
            EntryKind.ORDER,
            "Aula gebouw A inrichten als opvanglocatie met koffie, thee, water en dekens.",
            phase="opdracht",
            owner="facilitair",
            deadline=_local(deadline),
            deadline_kind=DeadlineKind.BY,
            deadline_words=f"uiterlijk {deadline:%H:%M}",
            priority=Priority.HIGH,
            linked_decision="B-1",
        ),
    )
    b.confirm(
        1,
        s + timedelta(minutes=25),
        EntryContent(
            EntryKind.ORDER,
            "Eerste bericht via intranet, e-mail en sociale media: brand in gebouw B, blijf uit de "
            "omgeving, opvang in de aula van gebouw A.",
            phase="opdracht",
            owner="communicatie",
            deadline_kind=DeadlineKind.ASAP,
            deadline_words="zsm",
            priority=Priority.HIGH,
            linked_decision="B-1",
        ),
    )
    deadline = s + timedelta(minutes=60)
    b.confirm(
        1,
        s + timedelta(minutes=26),
        EntryContent(
            EntryKind.ACTION,
            "Lijst van aanwezigen in gebouw B afstemmen met de BHV-ploegleider en vermiste personen "
            "direct melden aan de brandweer.",
            phase="opdracht",
            owner="hr",
            deadline=_local(deadline),
            deadline_kind=DeadlineKind.BY,
            deadline_words=f"uiterlijk {deadline:%H:%M}",
            priority=Priority.HIGH,
        ),
    )
    m2_planned = m1_start + timedelta(minutes=crisis.cycle_minutes)
    b.confirm(
        1,
        s + timedelta(minutes=27),
        EntryContent(
            EntryKind.ACTION,
            "Contact houden met de officier van dienst van de brandweer en elk half uur "
            "terugkoppelen aan de voorzitter.",
            phase="opdracht",
            owner="crisiscoordinator",
            deadline=_local(m2_planned),
            deadline_kind=DeadlineKind.NEXT_MEETING,
            deadline_words="volgend overleg",
        ),
    )
    b.line(
        1, s + timedelta(minutes=30), "wie informeert het college van bestuur dat doe ik zelf", "communicatie"
    )
    clock = _run_clock(m1, m1_start, [2, 4, 8, 6, 5, 4, 2, 1.5], end=True, extend={2: 1})
    m1_end = datetime.fromisoformat(clock["ended_at"])
    m1 = m1.with_changes(
        clock=clock,
        next_meeting_at=_iso(m2_planned),
        ticks={
            "afspraak.1": _iso(s + timedelta(minutes=2)),
            "afspraak.2": _iso(s + timedelta(minutes=2.5)),
            "afspraak.3": _iso(s + timedelta(minutes=2.5)),
            "taak.1": _iso(t0 + timedelta(minutes=5)),
            "taak.2": _iso(t0 + timedelta(minutes=6)),
            "taak.3": _iso(t0 + timedelta(minutes=15)),
            "beeldvorming.1": _iso(s + timedelta(minutes=3)),
            "beeldvorming.5": _iso(s + timedelta(minutes=9)),
            "oordeelsvorming.1": _iso(s + timedelta(minutes=13)),
            "besluitvorming.1": _iso(s + timedelta(minutes=18)),
            "opdracht.1": _iso(s + timedelta(minutes=24)),
        },
    )
    repo.save_meeting(m1)
    b.confirm(
        1,
        m1_end,
        EntryContent(EntryKind.PROCESS, f"Volgend overleg om {m2_planned:%H:%M}."),
        by="voorzitter",
        note="overleg gesloten",
    )

    # --- between meetings: the chair's individual log -------------------------------------------------
    individual = [
        IndividualItem(
            _id(),
            cid,
            "contact",
            f"Voorzitter College van Bestuur telefonisch geïnformeerd {m1_end + timedelta(minutes=5):%H:%M}",
            _iso(m1_end + timedelta(minutes=5)),
            Priority.HIGH,
            checked_at=_iso(m1_end + timedelta(minutes=5)),
        ),
        IndividualItem(
            _id(),
            cid,
            "decision",
            "Met de decaan afgesproken: tentamens in gebouw B vervallen.",
            _iso(at(18)),
            Priority.MEDIUM,
            checked_at=_iso(m1_start + timedelta(minutes=21)),
            brought_to_log="B-2",
        ),
        IndividualItem(
            _id(),
            cid,
            "contact",
            f"Burgemeester geïnformeerd via de gemeentesecretaris {m1_end + timedelta(minutes=20):%H:%M}",
            _iso(m1_end + timedelta(minutes=20)),
            Priority.HIGH,
            checked_at=_iso(m1_end + timedelta(minutes=20)),
        ),
        IndividualItem(
            _id(),
            cid,
            "decision",
            "Met het College van Bestuur afgesproken: de campus blijft morgen open, behalve gebouw B.",
            _iso(m1_end + timedelta(minutes=50)),
            Priority.HIGH,
        ),
    ]
    for item in individual:
        item.validate()
        repo.save_individual(item)
    stakeholders["College van bestuur / directie"] = stakeholders["College van bestuur / directie"].informed(
        _iso(m1_end + timedelta(minutes=5)), "voorzitter"
    )
    stakeholders["Gemeente (burgemeester)"] = stakeholders["Gemeente (burgemeester)"].informed(
        _iso(m1_end + timedelta(minutes=20)), "voorzitter"
    )
    stakeholders["intern"] = stakeholders["intern"].informed(
        _iso(m1_start + timedelta(minutes=40)), "communicatie"
    )

    # --- meeting 2: follow-up ---------------------------------------------------------------------------
    m2 = new_meeting(crisis, 2, m2_planned)
    m2 = m2.with_changes(
        attendance=Attendance(present=tuple(ROSTER_PEOPLE), guests=("Officier van dienst brandweer",))
    )
    repo.save_meeting(m2)
    s = m2_planned + timedelta(minutes=2)
    b.line(2, s + timedelta(minutes=0.5), "we lopen eerst de openstaande acties na", "controle")
    b.status(
        2,
        s + timedelta(minutes=1.5),
        "A-1",
        TaskStatus.DONE,
        "A-1: gereed. Alle aanwezigen zijn bekend; de twee gemiste medewerkers waren thuis.",
        spoken="actie een is gereed alle aanwezigen zijn bekend de twee medewerkers waren thuis",
    )
    b.status(2, s + timedelta(minutes=2.5), "O-1", TaskStatus.DONE, "O-1: gereed. Opvang in aula A loopt.")
    b.status(2, s + timedelta(minutes=3), "O-2", TaskStatus.DONE, "O-2: gereed. Bericht staat online.")
    fire_out = s - timedelta(minutes=25)
    b.confirm(
        2,
        s + timedelta(minutes=6),
        EntryContent(
            EntryKind.INFO,
            f"Brand is om {fire_out:%H:%M} meester verklaard. Er zijn geen slachtoffers. De derde "
            "verdieping heeft rook- en waterschade.",
            phase="beeldvorming",
            reliability=Reliability.CONFIRMED,
            info_source="Officier van dienst brandweer",
        ),
    )
    spoken = "knelpunt de vriezers met onderzoeksmonsters op de derde verdieping staan zonder stroom"
    draft = b.speech_draft(
        2,
        s + timedelta(minutes=10),
        spoken,
        EntryContent(
            EntryKind.BOTTLENECK,
            "Vriezers met onderzoeksmonsters op de derde verdieping staan zonder stroom; de "
            "monsters gaan binnen ongeveer zes uur verloren.",
            phase="oordeelsvorming",
        ),
        "oordeelsvorming",
        low=("vriezers",),
    )
    b.confirm(2, s + timedelta(minutes=11), draft.content, draft=draft)
    spoken = "ik denk dat we de pers nog even moeten laten wachten tot morgen"
    rejected = b.speech_draft(
        2,
        s + timedelta(minutes=12),
        spoken,
        EntryContent(EntryKind.DECISION, "De pers laten we wachten tot morgen.", phase="oordeelsvorming"),
        "oordeelsvorming",
        field_confidence={"kind": 0.45},
    )
    repo.save_draft(
        rejected.reject(
            "Geen besluit: mening; communicatie volgt in besluitvorming.",
            "logger",
            _iso(s + timedelta(minutes=12.5)),
        )
    )
    b.confirm(
        2,
        s + timedelta(minutes=13),
        EntryContent(
            EntryKind.PROPOSAL,
            "Monsters met begeleiding van de brandweer overbrengen naar de vriezers in gebouw D.",
            phase="oordeelsvorming",
        ),
    )
    b.confirm(
        2,
        s + timedelta(minutes=16),
        EntryContent(
            EntryKind.DECISION,
            "Onderzoeksmonsters worden onder begeleiding van de brandweer overgebracht naar gebouw D.",
            phase="besluitvorming",
            reason="De monsters zijn onvervangbaar voor lopend "
            "promotieonderzoek; de brandweer staat kort betreden onder begeleiding toe.",
            ref="V-2",
        ),
        by="voorzitter",
    )
    deadline = s + timedelta(hours=3)
    b.confirm(
        2,
        s + timedelta(minutes=19),
        EntryContent(
            EntryKind.ORDER,
            "Overbrengen van de monsters naar gebouw D organiseren, samen met de vakgroep.",
            phase="opdracht",
            owner="facilitair",
            deadline=_local(deadline),
            deadline_kind=DeadlineKind.BY,
            deadline_words=f"uiterlijk {deadline:%H:%M}",
            priority=Priority.HIGH,
            linked_decision="B-3",
        ),
    )
    m3_planned = m2_planned + timedelta(minutes=crisis.cycle_minutes)
    b.confirm(
        2,
        s + timedelta(minutes=20),
        EntryContent(
            EntryKind.ORDER,
            "Status van de servers in de kelder van gebouw B vaststellen en back-ups veiligstellen.",
            phase="opdracht",
            owner="ict",
            deadline=_local(m3_planned),
            deadline_kind=DeadlineKind.NEXT_MEETING,
            deadline_words="voor het volgende overleg",
            priority=Priority.MEDIUM,
        ),
    )
    deadline = s + timedelta(hours=2)
    b.confirm(
        2,
        s + timedelta(minutes=21),
        EntryContent(
            EntryKind.ACTION,
            "Verzekeraar informeren over de schade aan gebouw B en afspraken over de expertise vastleggen.",
            phase="opdracht",
            owner="juridisch",
            deadline=_local(deadline),
            deadline_kind=DeadlineKind.BY,
            deadline_words=f"uiterlijk {deadline:%H:%M}",
            priority=Priority.MEDIUM,
        ),
    )
    deadline = s + timedelta(minutes=60)
    b.confirm(
        2,
        s + timedelta(minutes=22),
        EntryContent(
            EntryKind.ACTION,
            "Persbericht over de stand van zaken opstellen en afstemmen met de gemeente.",
            phase="opdracht",
            owner="communicatie",
            deadline=_local(deadline),
            deadline_kind=DeadlineKind.AT,
            deadline_words=f"om {deadline:%H:%M}",
            priority=Priority.HIGH,
        ),
    )
    later = s + timedelta(minutes=90)
    b.new_version(
        "A-4",
        s + timedelta(minutes=24),
        "bewerkt: deadline",
        deadline=_local(later),
        deadline_words=f"om {later:%H:%M}",
    )
    b.line(
        2,
        s + timedelta(minutes=26),
        "wat communiceren we en wie informeert de veiligheidsregio",
        "communicatie",
    )
    clock = _run_clock(
        m2, m2_planned + timedelta(minutes=2), [1, 3.5, 7, 7, 5, 3.5, 3, 1], end=True, extend={1: 1}
    )
    m2_end = datetime.fromisoformat(clock["ended_at"])
    m2 = m2.with_changes(
        clock=clock,
        next_meeting_at=_iso(m3_planned),
        ticks={
            "controle.1": _iso(s),
            "controle.2": _iso(s + timedelta(minutes=2)),
            "beeldvorming.2": _iso(s + timedelta(minutes=6)),
            "oordeelsvorming.1": _iso(s + timedelta(minutes=10)),
            "oordeelsvorming.4": _iso(s + timedelta(minutes=13)),
            "besluitvorming.1": _iso(s + timedelta(minutes=16)),
            "opdracht.1": _iso(s + timedelta(minutes=19)),
            "communicatie.1": _iso(s + timedelta(minutes=26)),
        },
    )
    repo.save_meeting(m2)
    b.confirm(
        2,
        m2_end,
        EntryContent(EntryKind.PROCESS, f"Volgend overleg om {m3_planned:%H:%M}."),
        by="voorzitter",
        note="overleg gesloten",
    )
    stakeholders["Veiligheidsregio"] = stakeholders["Veiligheidsregio"].informed(
        _iso(m2_end + timedelta(minutes=10)), "crisiscoordinator"
    )
    stakeholders["brandweer"] = stakeholders["brandweer"].informed(
        _iso(m2_end + timedelta(minutes=30)), "crisiscoordinator"
    )
    repo.save_individual(
        IndividualItem(
            _id(),
            cid,
            "task",
            "Na overleg 3 het College van Bestuur bijpraten over de asbestmelding.",
            _iso(m2_end + timedelta(minutes=40)),
            Priority.HIGH,
        )
    )

    # --- meeting 3: running, now in Beeldvorming ------------------------------------------------------------
    m3_start = now - timedelta(minutes=12)
    m3 = new_meeting(crisis, 3, m3_planned)
    m3 = m3.with_changes(
        attendance=Attendance(
            present=tuple(r for r in ROSTER_PEOPLE if r != "ict"),
            absent=("ict",),
            delegated={"ict": "facilitair"},
        )
    )
    repo.save_meeting(m3)
    s = m3_start
    b.line(
        3,
        s + timedelta(minutes=0.5),
        "goedenavond we beginnen met de controle van de openstaande acties",
        "controle",
    )
    b.status(
        3,
        s + timedelta(minutes=2),
        "O-3",
        TaskStatus.IN_PROGRESS,
        "O-3: in uitvoering. De helft van de monsters staat in gebouw D.",
        spoken="opdracht drie loopt nog de helft van de monsters staat in gebouw d",
    )
    spoken = "onbevestigd de regionale omroep meldt dat er bij de brand asbest vrijgekomen zou zijn"
    draft = b.speech_draft(
        3,
        s + timedelta(minutes=7.5),
        spoken,
        EntryContent(
            EntryKind.INFO,
            "De regionale omroep meldt dat bij de brand asbest zou zijn vrijgekomen.",
            phase="beeldvorming",
            reliability=Reliability.UNCONFIRMED,
            info_source="Regionale omroep",
        ),
        "beeldvorming",
        low=("asbest",),
        field_confidence={"kind": 0.88, "reliability": 0.9},
    )
    b.confirm(3, s + timedelta(minutes=8), draft.content, draft=draft)
    b.confirm(
        3,
        s + timedelta(minutes=9),
        EntryContent(
            EntryKind.INFO_NEED,
            "Is er asbest vrijgekomen? Meetresultaten opvragen bij de brandweer.",
            phase="beeldvorming",
            owner="crisiscoordinator",
            deadline_kind=DeadlineKind.ASAP,
            deadline_words="zsm",
            priority=Priority.HIGH,
        ),
    )
    b.line(3, s + timedelta(minutes=9.5), "wat weten we nog niet en wie zoekt het uit", "beeldvorming")
    # pending drafts: what the logger still has to confirm or reject
    spoken = "actie voor hr nazorg regelen voor de bhv'ers die bij de ontruiming waren"
    b.speech_draft(
        3,
        s + timedelta(minutes=10),
        spoken,
        EntryContent(
            EntryKind.ACTION,
            "Nazorg regelen voor de BHV'ers die bij de ontruiming waren.",
            phase="beeldvorming",
            owner="hr",
            deadline_kind=DeadlineKind.NEXT_MEETING,
            deadline_words="volgend overleg",
        ),
        "beeldvorming",
        low=("bhv'ers",),
        field_confidence={"kind": 0.9, "owner": 0.85, "deadline": 0.4},
    )
    spoken = "we besluiten dat de colleges van gebouw b morgen online worden gegeven"
    b.speech_draft(
        3,
        s + timedelta(minutes=11),
        spoken,
        EntryContent(
            EntryKind.DECISION, "De colleges van gebouw B worden morgen online gegeven.", phase="beeldvorming"
        ),
        "beeldvorming",
        field_confidence={"kind": 0.95, "reason": 0.0},
    )
    b.typed_draft(
        3,
        s + timedelta(minutes=11.5),
        "gemeente sluit zuidplein af voor verkeer",
        EntryContent(
            EntryKind.INFO,
            "Gemeente sluit het Zuidplein af voor verkeer.",
            phase="beeldvorming",
            reliability=Reliability.UNCONFIRMED,
            info_source="Gemeente",
        ),
    )
    clock = _run_clock(m3, m3_start, [1.5, 5.5, 5], end=False)
    m3 = m3.with_changes(
        clock=clock,
        ticks={
            "controle.1": _iso(s + timedelta(minutes=1)),
            "beeldvorming.1": _iso(s + timedelta(minutes=7.5)),
            "beeldvorming.5": _iso(s + timedelta(minutes=9)),
        },
    )
    repo.save_meeting(m3)
    for stakeholder in stakeholders.values():
        repo.save_stakeholder(stakeholder)
    return crisis


# --- CLI -----------------------------------------------------------------------------------------------

TEXT = {
    "not_empty": (
        "De gegevensmap {folder} is niet leeg. Gebruik --force om er een demo-crisis bij te zetten "
        "(bestaande gegevens blijven staan).",
        "The data folder {folder} is not empty. Use --force to add a demo crisis next to what is "
        "there (existing data is kept).",
    ),
    "done": (
        "Demo-crisis '{name}' ({id}) aangemaakt in {folder}: {meetings} overleggen, {entries} logregels "
        "({versions} versies), {pending} openstaande concepten.",
        "Demo crisis '{name}' ({id}) created in {folder}: {meetings} meetings, {entries} log entries "
        "({versions} versions), {pending} pending drafts.",
    ),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="also when the data folder is not empty (adds a crisis; never deletes anything)",
    )


def _is_empty(folder: Any) -> bool:
    return not folder.exists() or all(p.name == ".lock" for p in folder.iterdir())


def run(args: argparse.Namespace) -> int:
    from assistant.domain.entries import DraftState
    from assistant.storage.paths import resolve_data_dir
    from assistant.storage.tinydb_repo import TinyDBRepository

    lang = 0 if getattr(args, "lang", "nl") == "nl" else 1
    folder = resolve_data_dir(getattr(args, "data_dir", None))
    if not args.force and not _is_empty(folder):
        print(TEXT["not_empty"][lang].format(folder=folder), file=sys.stderr)
        return 1
    with TinyDBRepository(folder) as repo:
        crisis = build_demo_crisis(repo, datetime.now(ZoneInfo(TIMEZONE)))
        settings = repo.get_settings()
        settings["active_crisis"] = crisis.crisis_id
        repo.save_settings(settings)
        versions = repo.entry_versions(crisis.crisis_id)
        print(
            TEXT["done"][lang].format(
                name=crisis.name,
                id=crisis.crisis_id,
                folder=folder,
                meetings=len(repo.list_meetings(crisis.crisis_id)),
                entries=len({v.entry_id for v in versions}),
                versions=len(versions),
                pending=len(repo.list_drafts(crisis.crisis_id, DraftState.PENDING)),
            )
        )
    return 0
