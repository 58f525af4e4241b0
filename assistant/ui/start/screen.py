"""The start screen (/start): crisis, meeting and agenda, meeting cycle, roster; one card each.

The cards (``crisis_card``, ``meeting_card``, ``cycle_card``, ``roster_card``) draw from one
``StartData`` read (``data.py``) and write through ``tab.call`` in worker threads; the screen
re-reads the room after every relevant change (another device may edit too) with the one batched
reload of ``screen_base``. Fields being typed in are never cleared by a failed save: the error
shows in a snackbar and the input stays.
"""

from __future__ import annotations

import flet as ft

from assistant.ui.i18n import register
from assistant.ui.screen_base import ScreenBase
from assistant.ui.setup.readiness_panel import ReadinessPanel, host_can_see
from assistant.ui.start.card import frame
from assistant.ui.start.crisis_card import CrisisCard
from assistant.ui.start.cycle_card import CycleCard
from assistant.ui.start.data import StartData, load_start_data
from assistant.ui.start.meeting_card import MeetingCard
from assistant.ui.start.roster_card import RosterCard
from assistant.ui.start.schema_card import SchemaCard
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button

register(
    {
        "start.title": ("Crisis en overleg", "Crisis and meeting"),
        "start.crisis": ("Crisis", "Crisis"),
        "start.choose": ("Kies een crisis", "Choose a crisis"),
        "start.active": ("actief", "active"),
        "start.select": ("Kies crisis {name}", "Choose crisis {name}"),
        "start.new": ("Nieuwe crisis", "New crisis"),
        "start.name": ("Naam van de crisis", "Name of the crisis"),
        "start.org": ("Organisatie", "Organisation"),
        "start.create": ("Crisis aanmaken", "Create crisis"),
        "start.created": ("Crisis aangemaakt", "Crisis created"),
        "start.none": ("Nog geen crisis. Maak er hieronder een aan.", "No crisis yet. Create one below."),
        "start.roster": ("Bezetting", "Roster"),
        "start.roster_hint": (
            "Namen invullen, afwezigen uitzetten en hun taken delegeren (actiekaart taak 4).",
            "Fill in names, switch off absentees and delegate their tasks (action card task 4).",
        ),
        "start.person": ("Naam {role}", "Name {role}"),
        "start.present": ("{role} aanwezig", "{role} present"),
        "start.delegate": ("Taken van {role} naar", "Tasks of {role} go to"),
        "start.nobody": ("niemand", "nobody"),
        "start.save_roster": ("Bezetting opslaan", "Save roster"),
        "start.roster_saved": ("Bezetting opgeslagen", "Roster saved"),
        "start.cycle": ("Vergadercyclus", "Meeting cycle"),
        "start.cycle_saved": ("Vergadercyclus: {label}", "Meeting cycle: {label}"),
        "start.meeting": ("Overleg", "Meeting"),
        "start.template": ("Agenda", "Agenda"),
        "start.prepare": ("Overleg {n} voorbereiden", "Prepare meeting {n}"),
        "start.start": ("Overleg {n} starten", "Start meeting {n}"),
        "start.running": ("Overleg {n} loopt sinds {time}.", "Meeting {n} has been running since {time}."),
        "start.planned": (
            "Overleg {n} is voorbereid (gepland {time}). Pas de agenda aan en start.",
            "Meeting {n} is prepared (planned {time}). Adjust the agenda and start.",
        ),
        "start.ended": (
            "Overleg {n} is gesloten. Volgend overleg: {time}.",
            "Meeting {n} is closed. Next meeting: {time}.",
        ),
        "start.to_clock": ("Naar de vergaderklok", "To the meeting clock"),
        "start.item_name": ("Naam agendapunt {i}", "Name of item {i}"),
        "start.item_minutes": ("Minuten agendapunt {i}", "Minutes of item {i}"),
        "start.item_remove": ("Agendapunt {i} verwijderen", "Remove item {i}"),
        "start.item_new": ("Nieuw agendapunt", "New agenda item"),
        "start.item_new_minutes": ("Minuten nieuw agendapunt", "Minutes of new item"),
        "start.item_add": ("Agendapunt toevoegen", "Add agenda item"),
        "start.total": ("Totaal {minutes} minuten", "Total {minutes} minutes"),
        "start.apply_template": ("Sjabloon toepassen", "Apply template"),
        "start.min": ("min", "min"),
    }
)


#: Room topics that change what this screen shows.
TOPICS = ("crisis", "meeting", "settings")


class StartScreen(ScreenBase[StartData]):
    def __init__(self, tab: Tab) -> None:
        super().__init__(tab)
        self.data: StartData | None = None
        self.crisis = CrisisCard(tab, self.reload, self._crisis_switched)
        self.meeting = MeetingCard(tab, self.reload)
        self.cycle = CycleCard(tab, self.reload)
        self.roster = RosterCard(tab, self.reload)
        self.schema = SchemaCard(tab, self.reload)

    async def build(self) -> ViewResult:
        await self.reload(update=False)
        self.listen(TOPICS)
        t = self.tab.t
        cards = [
            frame(self.tab, t("start.crisis"), self.crisis.box, ft.Icons.WARNING_AMBER),
            frame(self.tab, t("start.meeting"), self.meeting.box, ft.Icons.TIMER),
            frame(self.tab, t("start.cycle"), self.cycle.box, ft.Icons.UPDATE),
            frame(self.tab, t("start.roster"), self.roster.box, ft.Icons.GROUPS),
            frame(self.tab, t("berichten.card_title"), self.schema.box, ft.Icons.CONNECT_WITHOUT_CONTACT),
        ]
        if host_can_see(self.tab):  # "Klaar voor het overleg": the host's checklist, fixes one tap away
            readiness = ReadinessPanel(self.tab)
            await readiness.start()
            cards.insert(0, readiness.control)
        to_clock = action_button(
            t("start.to_clock"),
            self.tab.handler(lambda e: self.tab.go("/voorzitter")),
            icon=ft.Icons.TIMER,
            kind="text",
        )
        return ViewResult(
            ft.Container(ft.Column(cards, spacing=16), padding=ft.Padding.only(bottom=40)),
            title=t("start.title"),
            actions=[to_clock],
            scroll=True,
            on_dispose=self.dispose,
        )

    def read(self) -> StartData:
        return load_start_data(self.tab.room)

    def draw(self, data: StartData) -> None:
        self.data = data
        for card in (self.crisis, self.meeting, self.cycle, self.roster, self.schema):
            card.draw(data)

    def _crisis_switched(self, created: bool) -> None:
        """Another crisis is active: unsaved roster edits belong to the old one; a new crisis starts
        with the first-meeting template."""
        self.roster.forget_edits()
        if created:
            self.meeting.new_crisis()


async def build(tab: Tab) -> ViewResult:
    return await StartScreen(tab).build()
