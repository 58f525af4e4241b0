"""BOBOC phases, the chair's prompts and the action card as data (Dutch first, English second).

Source: the chair's action card (item 10 and "uitdagingen & aandachtspunten") and the domain
brief. Every item has a stable id so ticks can be stored and survive a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Phase(str, Enum):
    BEELDVORMING = "beeldvorming"
    OORDEELSVORMING = "oordeelsvorming"
    BESLUITVORMING = "besluitvorming"
    OPDRACHT = "opdracht"
    CONTROLE = "controle"


@dataclass(frozen=True)
class CardItem:
    """A prompt, task or point of attention: tickable, bilingual, with a stable id."""

    id: str
    nl: str
    en: str


def _items(prefix: str, pairs: list[tuple[str, str]]) -> tuple[CardItem, ...]:
    return tuple(CardItem(f"{prefix}.{i}", nl, en) for i, (nl, en) in enumerate(pairs, start=1))


PHASE_PROMPTS: dict[Phase, tuple[CardItem, ...]] = {
    Phase.CONTROLE: _items(
        "controle",
        [
            (
                "We lopen eerst de openstaande opdrachten en acties na.",
                "First we go through the open orders and actions.",
            ),
            (
                "Verlopen opdrachten en acties eerst: status van elk.",
                "Overdue orders and actions first: status of each.",
            ),
            ("Moeten opdrachten worden bijgesteld?", "Do any orders need adjusting?"),
        ],
    ),
    Phase.BEELDVORMING: _items(
        "beeldvorming",
        [
            ("Doelstelling aangeven.", "State the objective."),
            ("Groep gelijk trekken: iedereen hetzelfde beeld.", "Get everyone on the same page."),
            ("Motiveren tot het geven van informatie.", "Encourage everyone to share information."),
            ("Inventariseren en classificeren van de situatie.", "Inventory and classify the situation."),
            ("Wat weten we zeker, wat zijn aannames?", "What do we know for sure, what are assumptions?"),
            ("Wat weten we nog niet, wie zoekt het uit?", "What don't we know yet, who finds out?"),
            ("Wie is betrokken of getroffen?", "Who is involved or affected?"),
            ("Wat is de verwachte duur?", "What is the expected duration?"),
            ("Afstemming met de logger.", "Align with the logger."),
        ],
    ),
    Phase.OORDEELSVORMING: _items(
        "oordeelsvorming",
        [
            ("Wat zijn de knelpunten?", "What are the bottlenecks?"),
            (
                "Impact en consequenties op korte en lange termijn?",
                "Impact and consequences, short and long term?",
            ),
            ("Worstcasescenario en meest waarschijnlijke scenario?", "Worst case and most likely scenario?"),
            ("Welke opties, met voor- en nadelen?", "Which options, with pros and cons?"),
            ("Organisatorisch versus bestuurlijk belang?", "Organisational versus political interest?"),
            (
                "Aandacht voor emotie, relationele en zakelijke aspecten.",
                "Attention to emotions, relations and business.",
            ),
            (
                "Discussie samenvatten en duidelijk afronden: 'Ik vat samen …'",
                "Summarise and close the discussion.",
            ),
            ("Afstemming met de logger.", "Align with the logger."),
        ],
    ),
    Phase.BESLUITVORMING: _items(
        "besluitvorming",
        [
            ("Formuleren van het besluit: wat besluiten we?", "Formulate the decision: what do we decide?"),
            ("Strategie bepalen en prioriteiten stellen.", "Set the strategy and priorities."),
            (
                "Is dit een besluit voor ons niveau of voor het werkveld? (loslaten)",
                "Is this a decision for our level or for the field? (let go)",
            ),
            ("Logger, lees het besluit terug.", "Logger, read the decision back."),
        ],
    ),
    Phase.OPDRACHT: _items(
        "opdracht",
        [
            (
                "Opdrachten geven op basis van de genomen besluiten.",
                "Give orders based on the decisions taken.",
            ),
            ("Wie pakt dit op, en wanneer is het klaar?", "Who picks this up, and when is it done?"),
            ("Terugkoppeling in het volgende overleg.", "Report back in the next meeting."),
            ("Met de logger het logboek nalopen.", "Go through the log with the logger."),
        ],
    ),
}

COMMUNICATION_PROMPTS: tuple[CardItem, ...] = _items(
    "communicatie",
    [
        (
            "Wat communiceren we, naar wie, via wie, wanneer?",
            "What do we communicate, to whom, through whom, when?",
        ),
        ("Wie informeert bestuur en ketenpartners?", "Who informs the board and chain partners?"),
    ],
)

REFLECTION_PROMPTS: tuple[CardItem, ...] = _items(
    "reflectie",
    [
        ("Is ons doel nog juist?", "Is our objective still right?"),
        (
            "Zitten we op strategisch niveau of sturen we de operatie?",
            "Are we strategic, or running the operation?",
        ),
        ("Welke aannames zijn niet gecheckt?", "Which assumptions have not been checked?"),
        ("Wie hebben we nog niet geïnformeerd?", "Whom have we not informed yet?"),
        ("Werken de besluiten van vanochtend?", "Are this morning's decisions working?"),
        ("Hoe gaat het met het team?", "How is the team doing?"),
    ],
)

CARD_TASKS: tuple[CardItem, ...] = _items(
    "taak",
    [
        (
            "Besluit in overleg met de crisiscoördinator (centraal of lokaal) of het crisisteam bijeen moet komen "
            "of dat informeren voldoende is.",
            "Decide with the crisis coordinator (central or site) whether the team must convene or informing is enough.",
        ),
        ("Roept het crisisteam bijeen of laat dit doen.", "Convene the crisis team, or have it done."),
        (
            "Richt de crisisruimte in of laat dit doen, en controleert op aanwezige middelen.",
            "Set up the crisis room, or have it done, and check the resources.",
        ),
        (
            "Controleert of de nodige functionarissen aanwezig zijn; zo nee, delegeer de taken van ontbrekende "
            "leden tot de vervanging er is.",
            "Check the needed officers are present; if not, delegate the missing members' tasks until relieved.",
        ),
        (
            "Bepaalt of en welke kennis en ondersteuning aan het crisisteam moet worden toegevoegd.",
            "Decide whether and which expertise and support must be added to the team.",
        ),
        (
            "Instrueert de ondersteunende leden (logger, berichtenmanager).",
            "Instruct the support members (logger, message manager).",
        ),
        (
            "Spreekt een vergadercyclus af en maakt werkafspraken.",
            "Agree a meeting cycle and working arrangements.",
        ),
        (
            "Geeft leiding aan integrale veiligheid en business continuïteit en zit de CMT-overleggen voor.",
            "Lead integral safety and business continuity and chair the CMT meetings.",
        ),
        (
            "Stemt af op strategisch niveau met interne en externe ketenpartners; onderken politiek-bestuurlijke "
            "processen.",
            "Align at strategic level with internal and external chain partners; recognise political processes.",
        ),
        (
            "Legt eigen activiteiten vast in het individueel logboek.",
            "Record own activities in the individual log.",
        ),
        (
            "Informeert stakeholdergroepen op strategisch/tactisch niveau.",
            "Inform stakeholder groups at strategic/tactical level.",
        ),
    ],
)

STARTUP_TASK_IDS: tuple[str, ...] = tuple(f"taak.{i}" for i in range(1, 8))

WORKING_AGREEMENTS: tuple[CardItem, ...] = _items(
    "afspraak",
    [
        ("Rollen en vervanging zijn bekend.", "Roles and stand-ins are known."),
        ("Vergadercyclus afgesproken.", "Meeting cycle agreed."),
        ("Telefoons uit of stil tijdens het overleg.", "Phones off or silent during the meeting."),
        ("Alleen de voorzitter geeft het woord.", "Only the chair gives the floor."),
        (
            "Communicatieschema afgesproken: wie informeert wie (Stakeholders, berichtenmanager).",
            "Communication schema agreed: who informs whom (Stakeholders, message manager).",
        ),
    ],
)

CHALLENGES: tuple[CardItem, ...] = (
    CardItem(
        "uitdaging.loslaten",
        "Loslaten: operationele beslissingen blijven op operationeel niveau (werkveld).",
        "Let go: operational decisions stay at operational level (the field).",
    ),
    CardItem(
        "uitdaging.vertrouwen",
        "Vertrouwen: vertrouw op de uitvoering door de crisiscoördinator met het "
        "werkveld; zoek niet zelf direct contact met het werkveld.",
        "Trust: rely on the crisis coordinator and the field; do not contact the field yourself.",
    ),
    CardItem(
        "uitdaging.brugfunctie",
        "Brugfunctie: een brug naar de ketenpartners; onderken wederzijdse belangen. "
        "Liaison tactisch/strategisch.",
        "Bridge: be the bridge to chain partners; recognise mutual interests. Tactical/strategic liaison.",
    ),
    CardItem(
        "uitdaging.bestuurlijk",
        "Organisatorisch versus bestuurlijk: omgaan met het spanningsveld tussen "
        "organisatorisch en politiek-bestuurlijk belang.",
        "Organisational versus political: handle the tension between organisational and political interest.",
    ),
    CardItem(
        "uitdaging.beeldvorming",
        "Beeldvorming: de juiste informatie vergaren en een duidelijk beeld krijgen "
        "van de consequenties en de verwachte duur.",
        "Picture: gather the right information and get a clear view of consequences and expected duration.",
    ),
    CardItem(
        "uitdaging.scenario",
        "Scenariodenken: de verwachte situatie bespreken en erop voorbereid zijn; "
        "maatregelen voor korte en lange termijn.",
        "Scenario thinking: discuss what to expect and prepare; measures for short and long term.",
    ),
    CardItem(
        "uitdaging.voorzitterschap",
        "Sterk voorzitterschap: effectief voorzitten en binnen beperkte tijd "
        "tactische/strategische beslissingen nemen. Denk aan reflectiemomenten.",
        "Strong chairing: chair effectively and decide within limited time. Remember reflection moments.",
    ),
)

ALL_ITEMS: dict[str, CardItem] = {
    item.id: item
    for group in (
        *PHASE_PROMPTS.values(),
        COMMUNICATION_PROMPTS,
        REFLECTION_PROMPTS,
        CARD_TASKS,
        WORKING_AGREEMENTS,
        CHALLENGES,
    )
    for item in group
}


def prompts_for(phase: Phase | str | None) -> tuple[CardItem, ...]:
    """The chair's prompts for an agenda item's phase ("communicatie" and None are handled too)."""
    if phase is None:
        return ()
    if phase == "communicatie":
        return COMMUNICATION_PROMPTS
    if phase == "reflectie":
        return REFLECTION_PROMPTS
    try:
        return PHASE_PROMPTS[Phase(phase)]
    except ValueError:
        return ()


def unticked(items: tuple[CardItem, ...], ticks: dict[str, str]) -> list[CardItem]:
    """Items not yet ticked: shown once as a gentle reminder when the chair moves on."""
    return [item for item in items if item.id not in ticks]


def reflection_due(
    meeting_number: int,
    hours_since_crisis_start: float,
    *,
    every_n_meetings: int = 3,
    after_hours: float = 4.0,
    last_reflection_meeting: int | None = None,
) -> bool:
    """Whether the close item should show the reflection prompts.

    Every ``every_n_meetings``-th meeting, and once the crisis has run ``after_hours`` hours, unless a
    reflection was already held in the last ``every_n_meetings`` meetings.
    """
    if every_n_meetings > 0 and meeting_number % every_n_meetings == 0:
        return True
    recently = (
        last_reflection_meeting is not None and meeting_number - last_reflection_meeting < every_n_meetings
    )
    return after_hours > 0 and hours_since_crisis_start >= after_hours and not recently
