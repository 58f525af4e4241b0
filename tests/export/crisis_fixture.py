"""A realistic test crisis written through the Repository API (any implementation).

Two finished meetings and a third one planned; decisions with reasons (one edited, one revoked),
orders and actions in every status (one overdue), information with reliabilities, speech origins
with transcripts, and user text with "<b>", "&" and Dutch characters ("coördinator", "geïnformeerd").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from assistant.domain.clock import MeetingClock
from assistant.domain.entries import (
    DeadlineKind,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    Priority,
    Reliability,
    TaskStatus,
    next_number,
)
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Attendance, Crisis, new_meeting
from assistant.domain.roster import Roster

CET = timezone(timedelta(hours=1))
T0 = datetime(2025, 3, 14, 8, 40, tzinfo=CET)
NOW = datetime(2025, 3, 14, 12, 15, tzinfo=CET)
CRISIS_ID = "c-brand-lab"
CRISIS_NAME = "Brand laboratorium Zilverling"

DECISION_TEXTS = [
    "Gebouw Zilverling blijft ontruimd tot de brandweer het vrijgeeft",
    "Onderwijs in de Zilverling vervalt vandaag; studenten wijken uit naar de Horst",
    "Persconferentie om 14:00 in de Waaier",
]


class _Log:
    def __init__(self, repo, crisis: Crisis) -> None:
        self.repo = repo
        self.crisis = crisis
        self.counter = 0
        self.current: dict[str, LogEntry] = {}

    def add(
        self,
        kind: EntryKind,
        text: str,
        meeting: int,
        at: datetime,
        *,
        speech: str = "",
        by: str = "logger",
        **fields,
    ) -> LogEntry:
        numbers = {e.number for e in self.current.values()}
        number = next_number(kind, numbers)
        self.counter += 1
        origin = (
            Origin(
                "speech",
                speech,
                f"audio/{CRISIS_ID}/u{self.counter}.wav",
                12.5 * self.counter,
                12.5 * self.counter + 4.0,
                0.87,
                ("zilverling",),
            )
            if speech
            else Origin()
        )
        content = EntryContent(kind, text, **fields)
        content.validate()
        entry = LogEntry(
            entry_id=f"e{self.counter:03d}",
            crisis_id=self.crisis.crisis_id,
            number=number,
            version=1,
            meeting_number=meeting,
            recorded_at=at.isoformat(timespec="seconds"),
            content=content,
            status=TaskStatus.OPEN if kind.is_task else None,
            status_changed_at=None,
            status_changed_by=None,
            confirmed_by=by,
            confirmed_at=(at + timedelta(seconds=40)).isoformat(timespec="seconds"),
            origin=origin,
            draft_id=f"d{self.counter:03d}",
            change_note="aangemaakt",
            seq=0,
            prev_hash="",
        )
        sealed = self.repo.append_entry(entry)
        self.current[number] = sealed
        return sealed

    def revise(
        self,
        number: str,
        at: datetime,
        note: str,
        *,
        status: TaskStatus | None = None,
        by: str = "logger",
        **changes,
    ) -> LogEntry:
        old = self.current[number]
        entry = replace(
            old,
            version=old.version + 1,
            content=old.content.with_changes(**changes) if changes else old.content,
            status=status or old.status,
            status_changed_at=at.isoformat(timespec="seconds") if status else old.status_changed_at,
            status_changed_by=by if status else old.status_changed_by,
            confirmed_by=by,
            confirmed_at=at.isoformat(timespec="seconds"),
            change_note=note,
            draft_id=None,
            seq=0,
            prev_hash="",
            hash="",
        )
        sealed = self.repo.append_entry(entry)
        self.current[number] = sealed
        return sealed


def _run_meeting(meeting, start: datetime, minutes: list[float]):
    clock = MeetingClock(meeting.agenda)
    clock.start(start)
    t = start
    for i, spent in enumerate(minutes):
        t = t + timedelta(minutes=spent)
        if i < len(minutes) - 1:
            clock.next_item(t)
    clock.end(t)
    return meeting.with_changes(clock=clock.to_state()), t


def build_test_crisis(repo, now: datetime = NOW) -> Crisis:
    roster = Roster.default()
    people = {
        "voorzitter": "Marieke de Vries",
        "crisiscoordinator": "Ahmed Yilmaz",
        "logger": "Sanne Bakker",
        "communicatie": "Joost van Dijk",
        "hr": "Fatima el Amrani",
        "facilitair": "Pieter Jansen",
        "ict": "Lotte Visser",
        "security": "Kees Mulder",
    }
    for role_id, person in people.items():
        roster = roster.update(role_id, person=person)
    crisis = Crisis(
        CRISIS_ID,
        CRISIS_NAME,
        "Universiteit Twente",
        T0.isoformat(timespec="seconds"),
        roster=roster,
        cycle_minutes=120,
    )
    repo.save_crisis(crisis)
    log = _Log(repo, crisis)

    # --- meeting 1: first meeting, 09:00 ---------------------------------------------------------
    m1 = new_meeting(crisis, 1, datetime(2025, 3, 14, 9, 0, tzinfo=CET))
    m1 = m1.with_changes(
        attendance=Attendance(
            present=("voorzitter", "crisiscoordinator", "logger", "communicatie", "facilitair", "security"),
            absent=("hr", "ict"),
            delegated={"hr": "facilitair"},
            guests=("Brandweer (liaison)",),
        )
    )
    t = datetime(2025, 3, 14, 9, 4, tzinfo=CET)
    log.add(
        EntryKind.INFO,
        "Brand in laboratorium 2.14 van de Zilverling, brandweer ter plaatse",
        1,
        t,
        phase="beeldvorming",
        reliability=Reliability.CONFIRMED,
        info_source="Brandweer",
        speech="ter informatie brand in laboratorium twee veertien brandweer ter plaatse",
    )
    log.add(
        EntryKind.INFO,
        "Mogelijk twee medewerkers met rookinhalatie; crisiscoördinator checkt",
        1,
        t + timedelta(minutes=2),
        phase="beeldvorming",
        reliability=Reliability.UNCONFIRMED,
        info_source="BHV",
    )
    log.add(
        EntryKind.INFO,
        'Systeemmelding toont <b>ALARM</b> & "rook" in kelder',
        1,
        t + timedelta(minutes=3),
        phase="beeldvorming",
        reliability=Reliability.ASSUMPTION,
        info_source="Gebouwbeheer <script>",
    )
    log.add(
        EntryKind.INFO_NEED,
        "Welke stoffen lagen in laboratorium 2.14?",
        1,
        t + timedelta(minutes=5),
        phase="beeldvorming",
        owner="facilitair",
        deadline="2025-03-14T10:30",
        deadline_kind=DeadlineKind.BY,
    )
    log.add(
        EntryKind.BOTTLENECK,
        "Geen toegang tot roosters: onderwijs van 600 studenten onzeker",
        1,
        t + timedelta(minutes=9),
        phase="oordeelsvorming",
    )
    log.add(
        EntryKind.PROPOSAL,
        "Ik stel voor het onderwijs vandaag te verplaatsen",
        1,
        t + timedelta(minutes=12),
        phase="oordeelsvorming",
    )
    log.add(
        EntryKind.DECISION,
        DECISION_TEXTS[0],
        1,
        t + timedelta(minutes=16),
        phase="besluitvorming",
        reason="Rookontwikkeling en onbekende stoffen; veiligheid gaat voor",
        speech="besluit gebouw zilverling blijft ontruimd tot de brandweer het vrijgeeft",
    )
    log.add(
        EntryKind.DECISION,
        DECISION_TEXTS[1],
        1,
        t + timedelta(minutes=18),
        phase="besluitvorming",
        reason="Zilverling niet beschikbaar; Horst heeft zalen vrij",
        ref="V-1",
    )
    log.add(
        EntryKind.ORDER,
        "Crisiscoördinator regelt opvang van medewerkers in de Horst",
        1,
        t + timedelta(minutes=21),
        phase="opdracht",
        owner="crisiscoordinator",
        deadline="2025-03-14T10:00",
        deadline_kind=DeadlineKind.BY,
        deadline_words="uiterlijk tien uur",
        priority=Priority.HIGH,
        linked_decision="B-1",
        speech="opdracht aan de crisiscoördinator opvang regelen uiterlijk tien uur",
    )
    log.add(
        EntryKind.ACTION,
        "Bericht aan studenten via app en mail",
        1,
        t + timedelta(minutes=22),
        phase="opdracht",
        owner="communicatie",
        deadline="2025-03-14T09:45",
        deadline_kind=DeadlineKind.BY,
        priority=Priority.HIGH,
        linked_decision="B-2",
    )
    log.add(
        EntryKind.ACTION,
        "Contact met verzekeraar opnemen",
        1,
        t + timedelta(minutes=23),
        phase="opdracht",
        owner="juridisch",
        deadline="2025-03-14T11:30",
        deadline_kind=DeadlineKind.BY,
        priority=Priority.MEDIUM,
    )
    log.add(
        EntryKind.ACTION,
        "Nazorg medewerkers voorbereiden",
        1,
        t + timedelta(minutes=24),
        phase="opdracht",
        owner="hr",
        deadline_kind=DeadlineKind.NEXT_MEETING,
        deadline_words="voor het volgende overleg",
    )
    log.add(
        EntryKind.PROCESS,
        "Volgend overleg om 11:00 in de crisisruimte",
        1,
        t + timedelta(minutes=27),
        phase="reflectie",
    )
    m1, end1 = _run_meeting(m1, datetime(2025, 3, 14, 9, 0, tzinfo=CET), [2, 3, 9, 6, 5, 4, 2, 1])
    m1 = m1.with_changes(
        next_meeting_at=datetime(2025, 3, 14, 11, 0, tzinfo=CET).isoformat(timespec="seconds")
    )
    repo.save_meeting(m1)

    # between meetings: status updates and an edit
    log.revise(
        "A-1",
        datetime(2025, 3, 14, 9, 50, tzinfo=CET),
        "status: gereed",
        status=TaskStatus.DONE,
        by="communicatie",
    )
    log.revise(
        "O-1",
        datetime(2025, 3, 14, 10, 5, tzinfo=CET),
        "status: in uitvoering",
        status=TaskStatus.IN_PROGRESS,
    )
    log.revise(
        "B-2",
        datetime(2025, 3, 14, 10, 20, tzinfo=CET),
        "bewerkt: tekst",
        text=DECISION_TEXTS[1] + " en de Waaier",
    )

    # --- meeting 2: follow-up, 11:00 -------------------------------------------------------------
    m2 = new_meeting(crisis, 2, datetime(2025, 3, 14, 11, 0, tzinfo=CET))
    m2 = m2.with_changes(
        attendance=Attendance(
            present=(
                "voorzitter",
                "crisiscoordinator",
                "logger",
                "communicatie",
                "hr",
                "facilitair",
                "security",
            ),
            absent=("ict",),
            delegated={},
        )
    )
    t = datetime(2025, 3, 14, 11, 2, tzinfo=CET)
    log.add(
        EntryKind.STATUS,
        "Opvang in de Horst is geregeld",
        2,
        t,
        phase="controle",
        ref="O-1",
        new_status=TaskStatus.DONE,
        speech="opdracht een is gereed",
    )
    log.add(
        EntryKind.STATUS,
        "Nazorg loopt",
        2,
        t + timedelta(minutes=1),
        phase="controle",
        ref="A-3",
        new_status=TaskStatus.IN_PROGRESS,
    )
    log.add(
        EntryKind.INFO,
        "Brand is meester; brandweer geeft gebouw om 15:00 mogelijk vrij",
        2,
        t + timedelta(minutes=5),
        phase="beeldvorming",
        reliability=Reliability.CONFIRMED,
        info_source="Brandweer",
    )
    log.add(
        EntryKind.INFO,
        "Twee medewerkers nagekeken in ziekenhuis, beiden weer thuis",
        2,
        t + timedelta(minutes=7),
        phase="beeldvorming",
        reliability=Reliability.CONFIRMED,
        info_source="HR",
    )
    log.add(
        EntryKind.INFO,
        "Journalist van RTV Oost belt; bestuur is geïnformeerd",
        2,
        t + timedelta(minutes=8),
        phase="beeldvorming",
        reliability=Reliability.CONFIRMED,
        info_source="Communicatie",
    )
    log.add(
        EntryKind.BOTTLENECK,
        "Onderzoeksdata in lab 2.14 mogelijk verloren",
        2,
        t + timedelta(minutes=12),
        phase="oordeelsvorming",
    )
    log.add(
        EntryKind.DECISION,
        DECISION_TEXTS[2],
        2,
        t + timedelta(minutes=17),
        phase="besluitvorming",
        reason="Veel persvragen; één moment voorkomt ruis",
    )
    log.add(
        EntryKind.DECISION,
        "Extern onderzoeksbureau inschakelen voor schade-inventarisatie",
        2,
        t + timedelta(minutes=19),
        phase="besluitvorming",
        reason="Eigen capaciteit onvoldoende",
    )
    log.add(
        EntryKind.ORDER,
        "Communicatie bereidt persconferentie voor met woordvoerder",
        2,
        t + timedelta(minutes=22),
        phase="opdracht",
        owner="communicatie",
        deadline="2025-03-14T13:30",
        deadline_kind=DeadlineKind.BY,
        priority=Priority.HIGH,
        linked_decision="B-3",
    )
    log.add(
        EntryKind.ACTION,
        "ICT maakt back-up van overgebleven labservers",
        2,
        t + timedelta(minutes=23),
        phase="opdracht",
        owner="ict",
        deadline_kind=DeadlineKind.ASAP,
        deadline_words="z.s.m.",
    )
    log.add(
        EntryKind.ACTION,
        "Vervallen: aparte melding aan gemeente",
        2,
        t + timedelta(minutes=24),
        phase="opdracht",
        owner="crisiscoordinator",
        deadline="2025-03-14T12:00",
        deadline_kind=DeadlineKind.AT,
    )
    log.add(
        EntryKind.STATUS,
        "Aparte melding is niet meer nodig",
        2,
        t + timedelta(minutes=25),
        phase="opdracht",
        ref="A-5",
        new_status=TaskStatus.CANCELLED,
    )
    log.add(
        EntryKind.STATUS,
        "Besluit B-4 ingetrokken: eigen team doet inventarisatie",
        2,
        t + timedelta(minutes=26),
        phase="besluitvorming",
        ref="B-4",
        new_status=TaskStatus.CANCELLED,
    )
    log.add(EntryKind.PROCESS, "Volgend overleg om 13:00", 2, t + timedelta(minutes=29), phase="reflectie")
    m2, end2 = _run_meeting(m2, datetime(2025, 3, 14, 11, 0, tzinfo=CET), [1, 4, 8, 7, 6, 3, 3, 1])
    m2 = m2.with_changes(
        next_meeting_at=datetime(2025, 3, 14, 13, 0, tzinfo=CET).isoformat(timespec="seconds")
    )
    repo.save_meeting(m2)

    # meeting 3: planned, not started
    repo.save_meeting(new_meeting(crisis, 3, datetime(2025, 3, 14, 13, 0, tzinfo=CET)))

    # chair's individual log and stakeholders
    items = [
        IndividualItem(
            "i1",
            CRISIS_ID,
            "contact",
            "Bestuur geïnformeerd over brand",
            "2025-03-14T09:40:00+01:00",
            Priority.HIGH,
            "2025-03-14T09:41:00+01:00",
        ),
        IndividualItem(
            "i2",
            CRISIS_ID,
            "task",
            "Burgemeester bellen na persconferentie",
            "2025-03-14T11:40:00+01:00",
            Priority.HIGH,
        ),
        IndividualItem(
            "i3",
            CRISIS_ID,
            "decision",
            "Toestemming gegeven voor extra beveiliging <b>nacht</b>",
            "2025-03-14T10:10:00+01:00",
            Priority.MEDIUM,
        ),
    ]
    for item in items:
        repo.save_individual(item)
    stakeholders = [
        Stakeholder(
            "s1",
            CRISIS_ID,
            "College van bestuur",
            "bestuur",
            "voorzitter",
            "2025-03-14T09:40:00+01:00",
            "voorzitter",
        ),
        Stakeholder("s2", CRISIS_ID, "Gemeente Enschede (burgemeester)", "ketenpartner", "voorzitter"),
        Stakeholder(
            "s3",
            CRISIS_ID,
            "Veiligheidsregio Twente",
            "ketenpartner",
            "crisiscoordinator",
            "2025-03-14T10:30:00+01:00",
            "crisiscoordinator",
        ),
    ]
    for stakeholder in stakeholders:
        repo.save_stakeholder(stakeholder)
    return crisis
