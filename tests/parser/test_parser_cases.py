"""Table-driven cases for the utterance parser: our own, not the dev corpus.

Each case: (id, lang, now, next_meeting, text, expected). Times "HH:MM" are on Thursday 2026-02-05;
expected deadlines "HH:MM" are on that day, "+1 HH:MM" the next day. Expected keys:
kind ("none" = no draft; a set = any of these), owner, deadline, deadline_kind, ref, new_status,
reliability, info_source, priority, reason (substring), text (exact), text_has (substring),
n (number of drafts), kinds (list of kinds of all drafts), owners (list).
ASR style = lowercase, no punctuation, numbers as words; typed style = capitals, digits, punctuation.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from assistant.domain.parser import parse_utterance
from assistant.domain.roster import Roster

DAY = date(2026, 2, 5)  # a Thursday
ROSTER = Roster.from_list([
    {"role": "voorzitter", "label": "Voorzitter", "name": "Marieke de Vries"},
    {"role": "crisiscoordinator", "label": "Crisiscoördinator", "name": "Ahmed Yilmaz"},
    {"role": "logger", "label": "Logger", "name": "Sanne Bakker"},
    {"role": "berichtenmanager", "label": "Berichtenmanager", "name": "Tom Jansen"},
    {"role": "communicatie", "label": "Communicatie", "name": "Eva Visser"},
    {"role": "hr", "label": "HR", "name": "Peter de Boer"},
    {"role": "facilitair", "label": "Facilitair", "name": "Kees Mulder"},
    {"role": "ict", "label": "ICT", "name": "Lotte Smit"},
    {"role": "juridisch", "label": "Juridisch", "name": "Joost van Dijk"},
    {"role": "security", "label": "Beveiliging", "name": "Fatima El Amrani"},
])
NOT_DECISION = {"none", "process", "info", "info_need", "proposal"}

CASES = [
    # ---------------------------------------------------------------- decisions (nl, ASR)
    ("n001", "nl", "09:00", "10:00", "besluit we sluiten de kantine tot nader order", {"kind": "decision"}),
    ("n002", "nl", "09:00", "10:00", "we hebben besloten om de school morgen dicht te houden",
     {"kind": "decision", "text": "De school morgen dichthouden."}),
    ("n003", "nl", "09:00", "10:00", "ik heb besloten dat alle medewerkers thuis werken", {"kind": "decision"}),
    ("n004", "nl", "09:00", "10:00", "logger noteer als besluit de parkeerplaats wordt afgesloten",
     {"kind": "decision", "text": "De parkeerplaats wordt afgesloten."}),
    ("n005", "nl", "09:00", "10:00", "het crisisteam besluit de pers om vier uur te woord te staan",
     {"kind": "decision"}),
    ("n006", "nl", "09:00", "10:00", "we kiezen voor scenario twee", {"kind": "decision"}),
    ("n007", "nl", "09:00", "10:00", "we gaan over tot ontruiming van het hoofdgebouw", {"kind": "decision"}),
    ("n008", "nl", "09:00", "10:00", "we schalen op naar grip twee", {"kind": "decision"}),
    ("n009", "nl", "09:00", "10:00", "prioriteit is de veiligheid van de studenten", {"kind": "decision"}),
    ("n010", "nl", "09:00", "10:00", "besluit we evacueren de kelder omdat er water binnenkomt",
     {"kind": "decision", "reason": "water binnenkomt", "text": "We evacueren de kelder."}),
    ("n011", "nl", "09:00", "10:00",
     "we besluiten om de pers niet te informeren want de familie is nog niet ingelicht",
     {"kind": "decision", "reason": "familie is nog niet ingelicht"}),
    ("n012", "nl", "09:00", "10:00", "het gebouw blijft dicht zo besloten",
     {"kind": "decision", "text": "Het gebouw blijft dicht."}),
    ("n013", "nl", "09:00", "10:00", "ik hak de knoop door we gaan dicht", {"kind": "decision"}),
    ("n014", "nl", "09:00", "10:00", "er is besloten dat de nooduitgang vrij blijft", {"kind": "decision"}),
    # ---------------------------------------------------------------- not decisions (nl)
    ("n020", "nl", "09:00", "10:00", "de gemeente heeft besloten de weg af te sluiten",
     {"kind": "info", "info_source": "de gemeente"}),
    ("n021", "nl", "09:00", "10:00", "de burgemeester heeft een besluit genomen over de noodverordening",
     {"kind": "info"}),
    ("n022", "nl", "09:00", "10:00", "we besluiten nog niet over de heropening", {"kind": NOT_DECISION}),
    ("n023", "nl", "09:00", "10:00", "besluiten we nu al over de evacuatie", {"kind": "none"}),
    ("n024", "nl", "09:00", "10:00", "ik stel voor dat we de pers om drie uur informeren", {"kind": "proposal"}),
    ("n025", "nl", "09:00", "10:00", "zullen we de bezoekers naar de sporthal sturen", {"kind": "proposal"}),
    ("n026", "nl", "09:00", "10:00", "mijn advies is om de ramen dicht te houden",
     {"kind": "proposal", "text": "De ramen dichthouden."}),
    ("n027", "nl", "09:00", "10:00", "daarover nemen we straks een besluit", {"kind": NOT_DECISION}),
    ("n028", "nl", "09:00", "10:00", "het ministerie besloot gisteren de scholen te sluiten", {"kind": "info"}),
    ("n029", "nl", "09:00", "10:00", "Voorstel: we verplaatsen de opvang naar de aula.", {"kind": "proposal"}),
    # ---------------------------------------------------------------- orders and actions (nl, ASR)
    ("n040", "nl", "09:00", "10:00",
     "opdracht aan de woordvoerder stel een holdingstatement op binnen een half uur",
     {"kind": "order", "owner": "communicatie", "deadline": "09:30", "deadline_kind": "uiterlijk"}),
    ("n041", "nl", "09:00", "10:00", "opdracht aan onze woordvoerder de pers te woord staan om zestien uur",
     {"kind": "order", "owner": "communicatie", "deadline": "16:00", "deadline_kind": "om"}),
    ("n042", "nl", "08:40", "10:00", "opdracht aan team ict de firewall controleren voor kwart over negen",
     {"kind": "order", "owner": "ict", "deadline": "09:15", "deadline_kind": "uiterlijk"}),
    ("n043", "nl", "11:50", "13:00", "actie voor facilitaire zaken koffie en broodjes regelen over tien minuten",
     {"kind": "action", "owner": "facilitair", "deadline": "12:00", "deadline_kind": "om"}),
    ("n044", "nl", "09:00", "10:00", "actie voor huisvesting een uitwijklocatie zoeken vóór 17.00",
     {"kind": "action", "owner": "facilitair", "deadline": "17:00", "deadline_kind": "uiterlijk"}),
    ("n045", "nl", "10:00", "11:00", "actie voor de bhv de verzamelplaats controleren binnen twee uur",
     {"kind": "action", "owner": "security", "deadline": "12:00"}),
    ("n046", "nl", "09:00", "10:00",
     "actie voor informatievoorziening de back-up terugzetten vanmiddag om drie uur",
     {"kind": "action", "owner": "ict", "deadline": "15:00", "deadline_kind": "om"}),
    ("n047", "nl", "16:00", "17:00",
     "opdracht aan de communicatieadviseur een bericht voor intranet uiterlijk morgen twaalf uur",
     {"kind": "order", "owner": "communicatie", "deadline": "+1 12:00", "deadline_kind": "uiterlijk"}),
    ("n048", "nl", "16:00", "17:00", "actie voor de jurist morgen om negen uur de verzekeraar bellen",
     {"kind": "action", "owner": "juridisch", "deadline": "+1 09:00"}),
    ("n049", "nl", "14:00", "15:00",
     "opdracht aan personeelszaken de roosters aanpassen voor de volgende vergadering",
     {"kind": "order", "owner": "hr", "deadline": "15:00", "deadline_kind": "volgend_overleg"}),
    ("n050", "nl", "14:00", "15:00",
     "actie voor de facilitaire dienst vannacht om twee uur de verwarming controleren",
     {"kind": "action", "owner": "facilitair", "deadline": "+1 02:00"}),
    ("n051", "nl", "09:05", "10:00",
     "opdracht aan de crisis coördinator de locatieteams informeren om tien voor half tien",
     {"kind": "order", "owner": "crisiscoordinator", "deadline": "09:20"}),
    ("n052", "nl", "13:10", "14:00", "ahmed kun jij om twee uur de werkvloer bellen",
     {"kind": {"action", "order"}, "owner": "crisiscoordinator", "deadline": "14:00"}),
    ("n053", "nl", "09:00", "10:00", "lotte pakt de herstart van de server op",
     {"kind": {"action", "order"}, "owner": "ict", "deadline": None}),
    ("n054", "nl", "13:00", "14:00", "fatima zorg dat de ingang bemand is voor half drie",
     {"kind": {"order", "action"}, "owner": "security", "deadline": "14:30"}),
    ("n055", "nl", "09:00", "10:00", "tom jij krijgt de opdracht om alle binnenkomende mails te sorteren",
     {"kind": "order", "owner": "berichtenmanager", "text": "Alle binnenkomende mails sorteren."}),
    ("n056", "nl", "09:00", "10:00", "ik vraag de berichtenmanager om een overzicht van de vragen te maken",
     {"kind": {"order", "action"}, "owner": "berichtenmanager"}),
    ("n057", "nl", "09:00", "10:00", "actie voor mij de burgemeester bellen",
     {"kind": "action", "owner": "voorzitter"}),
    ("n058", "nl", "14:00", "15:00", "ik wil dat de woordvoerder om vier uur een persconferentie geeft",
     {"kind": {"order", "action"}, "owner": "communicatie", "deadline": "16:00"}),
    ("n059", "nl", "09:00", "10:00",
     "de berichtenmanager zorgt ervoor dat alle telefoontjes worden genoteerd",
     {"kind": {"order", "action"}, "owner": "berichtenmanager"}),
    ("n060", "nl", "09:00", "10:00", "ict zorgt dat de wifi in de crisisruimte werkt binnen tien minuten",
     {"kind": {"order", "action"}, "owner": "ict", "deadline": "09:10"}),
    ("n061", "nl", "09:00", "10:00", "peter wil jij de bedrijfsarts inschakelen",
     {"kind": {"action", "order"}, "owner": "hr"}),
    ("n062", "nl", "09:00", "10:00", "kun jij joost de polis opzoeken", {"kind": {"action", "order"},
                                                                      "owner": "juridisch"}),
    ("n063", "nl", "09:00", "10:00", "actiepunt de sleutels ophalen bij de receptie",
     {"kind": "action", "owner": None, "text": "De sleutels ophalen bij de receptie."}),
    ("n064", "nl", "09:00", "10:00", "actie voor p&o de nazorg regelen", {"kind": "action", "owner": "hr"}),
    ("n065", "nl", "09:00", "10:00", "opdracht aan de crisiscoordinator lokaal de ploegen informeren",
     {"kind": "order", "owner": "crisiscoordinator", "text": "De ploegen informeren."}),
    ("n066", "nl", "09:00", "10:00", "actie voor de berichten manager de mailbox bijhouden",
     {"kind": "action", "owner": "berichtenmanager"}),
    ("n067", "nl", "09:00", "10:00", "actie voor ict voor tien uur de laptops uitdelen",
     {"kind": "action", "owner": "ict", "deadline": "10:00", "deadline_kind": "uiterlijk"}),
    ("n068", "nl", "09:00", "10:00", "opdracht aan hr binnen anderhalf uur een lijst met contactgegevens",
     {"kind": "order", "owner": "hr", "deadline": "10:30"}),
    ("n069", "nl", "09:00", "10:00", "actie voor de it afdeling de printers controleren",
     {"kind": "action", "owner": "ict"}),
    ("n070", "nl", "09:00", "10:00", "actie voor beveiligingsmedewerkers de rondes verdubbelen",
     {"kind": "action", "owner": "security"}),
    ("n071", "nl", "09:00", "10:00", "joost kun jij uitzoeken of we een meldplicht hebben",
     {"kind": {"action", "order"}, "owner": "juridisch"}),
    ("n072", "nl", "09:00", "10:00", "actie voor ict met hoge prioriteit de mailserver herstellen",
     {"kind": "action", "owner": "ict", "priority": "hoog", "text": "De mailserver herstellen."}),
    ("n073", "nl", "12:00", "13:00", "opdracht aan juridisch een advies voor veertien uur dertig",
     {"kind": "order", "owner": "juridisch", "deadline": "14:30", "deadline_kind": "uiterlijk"}),
    ("n074", "nl", "12:00", "13:00", "actie voor hr tien over half twee de vrijwilligers bellen",
     {"kind": "action", "owner": "hr", "deadline": "13:40"}),
    ("n075", "nl", "09:00", "10:00", "actie voor ict zo snel mogelijk de wachtwoorden resetten",
     {"kind": "action", "owner": "ict", "deadline": None, "deadline_kind": "zsm"}),
    ("n076", "nl", "10:50", "11:30", "actie voor beveiliging over een kwartier de poort sluiten",
     {"kind": "action", "owner": "security", "deadline": "11:05", "deadline_kind": "om"}),
    ("n077", "nl", "09:00", "10:00", "actie voor facilitair om acht uur de deuren sluiten",
     {"kind": "action", "owner": "facilitair", "deadline": "20:00"}),
    ("n078", "nl", "15:00", "16:00", "opdracht aan hr morgenochtend om acht uur de roosters rondsturen",
     {"kind": "order", "owner": "hr", "deadline": "+1 08:00"}),
    ("n079", "nl", "09:00", "10:00", "actie voor juridisch uiterlijk kwart voor elf de melding doen",
     {"kind": "action", "owner": "juridisch", "deadline": "10:45", "deadline_kind": "uiterlijk"}),
    ("n080", "nl", "07:00", "08:00", "actie voor facilitair om vijf over half negen de kantine openen",
     {"kind": "action", "owner": "facilitair", "deadline": "08:35"}),
    ("n081", "nl", "09:00", "10:00", "opdracht aan communicatie binnen het uur een bericht op intranet",
     {"kind": "order", "owner": "communicatie", "deadline": "10:00"}),
    ("n082", "nl", "13:10", "14:00", "actie voor ict half drie de servers herstarten",
     {"kind": "action", "owner": "ict", "deadline": "14:30"}),
    ("n083", "nl", "09:00", "10:00", "opdracht aan facilitair de stroom herstellen om kwart over negen",
     {"kind": "order", "owner": "facilitair", "deadline": "09:15", "deadline_kind": "om"}),
    ("n084", "nl", "09:00", "10:00", "actie voor communicatie morgen om negen uur een persbericht",
     {"kind": "action", "owner": "communicatie", "deadline": "+1 09:00"}),
    ("n085", "nl", "09:00", "10:00", "de woordvoerder zorgt voor een bericht op de website",
     {"kind": {"order", "action"}, "owner": "communicatie"}),
    ("n086", "nl", "09:00", "10:00", "actie voor sanne het logboek uitprinten", {"kind": "action",
                                                                               "owner": "logger"}),
    ("n087", "nl", "09:00", "10:00", "opdracht voor de voorzitter de burgemeester informeren",
     {"kind": "order", "owner": "voorzitter"}),
    ("n088", "nl", "09:00", "10:00", "ik leg het contact met de verzekeraar bij de jurist neer",
     {"kind": {"order", "action"}, "owner": "juridisch"}),
    ("n089", "nl", "09:00", "10:00", "actie voor de helpdesk de telefoons omzetten",
     {"kind": "action", "owner": "ict"}),
    ("n090", "nl", "18:00", "19:00", "actie voor beveiliging vanavond om elf uur de poort sluiten",
     {"kind": "action", "owner": "security", "deadline": "23:00"}),
    ("n091", "nl", "09:00", "10:00", "opdracht aan communicatie uiterlijk om twaalf uur een persbericht",
     {"kind": "order", "owner": "communicatie", "deadline": "12:00", "deadline_kind": "uiterlijk"}),
    ("n092", "nl", "09:00", "10:00", "opdracht aan hr de familie informeren in het volgende overleg terugmelden",
     {"kind": "order", "owner": "hr", "deadline": "10:00", "deadline_kind": "volgend_overleg"}),
    # ---------------------------------------------------------------- typed (nl)
    ("t001", "nl", "09:00", "10:00", "Opdracht aan HR: de familie informeren.",
     {"kind": "order", "owner": "hr", "deadline": None, "text": "De familie informeren."}),
    ("t002", "nl", "09:00", "10:00", "Opdracht aan ICT: herstel de mailserver vóór 16.00 uur.",
     {"kind": "order", "owner": "ict", "deadline": "16:00",
      "text": "Herstel de mailserver, uiterlijk 16:00."}),
    ("t003", "nl", "09:00", "10:00", "Actie Facilitair: extra dekens, uiterlijk 22:00.",
     {"kind": "action", "owner": "facilitair", "deadline": "22:00", "deadline_kind": "uiterlijk"}),
    ("t004", "nl", "09:00", "10:00", "Besluit: we gaan over op noodstroom.",
     {"kind": "decision", "text": "We gaan over op noodstroom."}),
    ("t005", "nl", "09:00", "10:00", "Onbevestigd: er is brand in het lab.",
     {"kind": "info", "reliability": "onbevestigd", "text": "Er is brand in het lab."}),
    ("t006", "nl", "09:00", "10:00", "Knelpunt: de aggregaat heeft nog maar voor twee uur brandstof.",
     {"kind": "bottleneck"}),
    ("t007", "nl", "09:00", "10:00", "Ter informatie: de GGD komt om 15.00 uur.",
     {"kind": "info", "text": "De GGD komt om 15:00."}),
    ("t008", "nl", "09:00", "10:00", "Volgend overleg om 16:00.", {"kind": "process"}),
    ("t009", "nl", "09:00", "10:00", "Opdracht aan de ICT-afdeling: laptops uitdelen.",
     {"kind": "order", "owner": "ict"}),
    ("t010", "nl", "09:00", "10:00", "Actie voor P&O: nazorg regelen, z.s.m.",
     {"kind": "action", "owner": "hr", "deadline_kind": "zsm", "deadline": None}),
    ("t011", "nl", "09:00", "10:00", "Actie communicatie om 14.30 uur persmoment voorbereiden",
     {"kind": "action", "owner": "communicatie", "deadline": "14:30"}),
    ("t012", "nl", "09:00", "10:00", "Eva, kun jij de pers te woord staan?",
     {"kind": {"action", "order"}, "owner": "communicatie"}),
    ("t013", "nl", "09:00", "10:00", "Opdracht aan de beveiliging: toegang afsluiten om 14u30.",
     {"kind": "order", "owner": "security", "deadline": "14:30"}),
    ("t014", "nl", "09:00", "10:00", "Besluit: de school blijft dicht. Actie voor communicatie: ouders informeren.",
     {"n": 2, "kinds": ["decision", "action"], "owners": [None, "communicatie"]}),
    ("t015", "nl", "09:00", "10:00", "Heeft iemand de sleutels van de crisiskast?", {"kind": "none"}),
    ("t016", "nl", "09:00", "10:00", "A-4 gereed", {"kind": "status", "ref": "A-4", "new_status": "done"}),
    ("t017", "nl", "09:00", "10:00", "Actie 7 is afgerond.", {"kind": "status", "ref": "A-7", "new_status": "done"}),
    ("t018", "nl", "09:00", "10:00", "Opdracht aan communicatie: persbericht, uiterlijk 13:00 uur, met hoge prioriteit.",
     {"kind": "order", "owner": "communicatie", "deadline": "13:00", "priority": "hoog"}),
    # ---------------------------------------------------------------- two entries in one (nl)
    ("n100", "nl", "10:00", "11:00",
     "besluit de school blijft dicht en actie voor communicatie de ouders informeren voor twaalf uur",
     {"n": 2, "kinds": ["decision", "action"], "owners": [None, "communicatie"]}),
    ("n101", "nl", "09:00", "10:00",
     "opdracht aan facilitair de hekken plaatsen en opdracht aan beveiliging de toegang bewaken",
     {"n": 2, "kinds": ["order", "order"], "owners": ["facilitair", "security"]}),
    ("n102", "nl", "09:00", "10:00", "actie vier is gereed en actie vijf loopt nog",
     {"n": 2, "kinds": ["status", "status"]}),
    ("n103", "nl", "09:00", "10:00",
     "we besluiten de sporthal te openen actie voor facilitair bedden regelen binnen een uur",
     {"n": 2, "kinds": ["decision", "action"], "owners": [None, "facilitair"]}),
    ("n104", "nl", "09:00", "10:00", "ik geef de opdracht aan ict om de servers te controleren",
     {"n": 1, "kind": "order", "owner": "ict"}),
    ("n105", "nl", "09:00", "10:00", "ik stel voor de school te sluiten akkoord zo besloten",
     {"n": 1, "kind": "decision", "text": "De school sluiten."}),
    # ---------------------------------------------------------------- status (nl)
    ("n110", "nl", "09:00", "10:00", "actie drie is klaar", {"kind": "status", "ref": "A-3", "new_status": "done"}),
    ("n111", "nl", "09:00", "10:00", "opdracht twaalf loopt nog",
     {"kind": "status", "ref": "O-12", "new_status": "in_progress"}),
    ("n112", "nl", "09:00", "10:00", "actie vijf is nog niet begonnen",
     {"kind": "status", "ref": "A-5", "new_status": "open"}),
    ("n113", "nl", "09:00", "10:00", "opdracht een kan vervallen",
     {"kind": "status", "ref": "O-1", "new_status": "cancelled"}),
    ("n114", "nl", "09:00", "10:00", "actiepunt drieëntwintig is afgehandeld",
     {"kind": "status", "ref": "A-23", "new_status": "done"}),
    ("n115", "nl", "09:00", "10:00", "de actie van hr is gereed", {"kind": "status", "new_status": "done"}),
    ("n116", "nl", "09:00", "10:00", "opdracht nummer zes is in uitvoering",
     {"kind": "status", "ref": "O-6", "new_status": "in_progress"}),
    # ---------------------------------------------------------------- information (nl)
    ("n120", "nl", "09:00", "10:00", "ter info de brandweer is ter plaatse", {"kind": "info"}),
    ("n121", "nl", "09:00", "10:00", "onbevestigd er zijn mogelijk twee gewonden",
     {"kind": "info", "reliability": "onbevestigd"}),
    ("n122", "nl", "09:00", "10:00", "bevestigd door de politie de weg is afgesloten",
     {"kind": "info", "reliability": "bevestigd", "info_source": "de politie"}),
    ("n123", "nl", "09:00", "10:00", "de politie meldt dat de dader is aangehouden",
     {"kind": "info", "info_source": "de politie"}),
    ("n124", "nl", "09:00", "10:00", "hr meldt dat alle medewerkers veilig zijn",
     {"kind": "info", "info_source": "HR"}),
    ("n125", "nl", "09:00", "10:00", "stand van zaken de brand is onder controle", {"kind": "info"}),
    ("n126", "nl", "09:00", "10:00", "mededeling de pers staat voor de deur", {"kind": "info"}),
    ("n127", "nl", "09:00", "10:00", "er zou een tweede explosie zijn geweest",
     {"kind": "info", "reliability": "onbevestigd"}),
    ("n128", "nl", "09:00", "10:00", "de brandweer is ter plaatse", {"kind": "info"}),
    ("n129", "nl", "09:00", "10:00", "update vanuit ict de mail werkt weer",
     {"kind": "info", "info_source": "ICT", "text": "De mail werkt weer."}),
    ("n130", "nl", "09:00", "10:00", "volgens de ggd is er geen gevaar voor de omgeving",
     {"kind": "info", "info_source": "de ggd"}),
    # ---------------------------------------------------------------- bottlenecks, info needs (nl)
    ("n140", "nl", "09:00", "10:00", "knelpunt we hebben te weinig beveiligers voor de nachtdienst",
     {"kind": "bottleneck"}),
    ("n141", "nl", "09:00", "10:00", "het probleem is dat de telefoons niet werken", {"kind": "bottleneck"}),
    ("n142", "nl", "09:00", "10:00", "we hebben een tekort aan dekens", {"kind": "bottleneck"}),
    ("n143", "nl", "09:00", "10:00", "we weten nog niet wie de eigenaar van het pand is",
     {"kind": "info_need", "text": "Wie de eigenaar van het pand is?"}),
    ("n144", "nl", "09:00", "10:00", "het is nog onduidelijk hoeveel mensen geëvacueerd zijn",
     {"kind": "info_need"}),
    ("n145", "nl", "09:00", "10:00", "informatiebehoefte hoeveel bedden zijn er nog vrij", {"kind": "info_need"}),
    ("n146", "nl", "09:00", "10:00", "weet iemand hoeveel mensen er nog binnen zijn", {"kind": "info_need"}),
    # ---------------------------------------------------------------- process (nl)
    ("n150", "nl", "14:00", "15:00", "we komen om half vier weer bij elkaar",
     {"kind": "process", "text": "We komen om 15:30 weer bij elkaar."}),
    ("n151", "nl", "14:00", "15:00", "het volgende overleg is om zestien uur", {"kind": "process"}),
    ("n152", "nl", "09:00", "10:00", "we gaan naar de oordeelsvorming", {"kind": "process"}),
    ("n153", "nl", "09:00", "10:00", "we lopen eerst de openstaande acties na", {"kind": "process"}),
    ("n154", "nl", "09:00", "10:00", "tijd voor een korte pauze", {"kind": "process"}),
    ("n155", "nl", "09:00", "10:00", "ik open het overleg", {"kind": "process"}),
    # ---------------------------------------------------------------- ordinary talk (nl)
    ("n160", "nl", "09:00", "10:00", "kan iemand het raam open doen", {"kind": "none"}),
    ("n161", "nl", "09:00", "10:00", "wat is de stand van de evacuatie", {"kind": "none"}),
    ("n162", "nl", "09:00", "10:00", "dat is een goed punt", {"kind": "none"}),
    ("n163", "nl", "09:00", "10:00", "ik denk dat we nog even moeten wachten", {"kind": "none"}),
    ("n164", "nl", "09:00", "10:00", "ik heb een vraag over de planning", {"kind": "none"}),
    ("n165", "nl", "09:00", "10:00", "goedemorgen iedereen", {"kind": "none"}),
    ("n166", "nl", "09:00", "10:00", "wie pakt dit op", {"kind": "none"}),
    ("n167", "nl", "09:00", "10:00", "ik ga niet akkoord", {"kind": NOT_DECISION}),
    ("n168", "nl", "09:00", "10:00", "dat hebben we gisteren al besproken", {"kind": "none"}),
    ("n169", "nl", "09:00", "10:00", "dat doen we", {"kind": "decision"}),
    # ---------------------------------------------------------------- more generalisation (nl)
    ("g001", "nl", "09:00", "10:00", "eva dank je wel", {"kind": "none"}),
    ("g002", "nl", "09:00", "10:00", "peter goed punt", {"kind": "none"}),
    ("g003", "nl", "09:00", "10:00", "joost heeft gelijk", {"kind": "none"}),
    ("g004", "nl", "09:00", "10:00", "volgens mij klopt dat niet", {"kind": "none"}),
    ("g005", "nl", "09:00", "10:00", "de koffie is op", {"kind": "none"}),
    ("g006", "nl", "09:00", "10:00", "kunnen jullie mij horen", {"kind": "none"}),
    ("g007", "nl", "09:00", "10:00", "goed we gaan verder", {"kind": {"process", "none"}}),
    ("g008", "nl", "09:00", "10:00", "het water stijgt nog steeds", {"kind": "info"}),
    ("g009", "nl", "09:00", "10:00", "alle medewerkers zijn veilig", {"kind": "info"}),
    ("g010", "nl", "09:00", "10:00", "hr heeft alle medewerkers gebeld", {"kind": "info", "info_source": "HR"}),
    ("g011", "nl", "09:00", "10:00", "eva bel jij de burgemeester",
     {"kind": {"order", "action"}, "owner": "communicatie", "text": "Bel de burgemeester."}),
    ("g012", "nl", "09:00", "10:00", "actie voor hr en ict de werkplekken regelen",
     {"kind": "action", "owner": "hr", "text": "De werkplekken regelen (samen met ICT)."}),
    ("g013", "nl", "09:00", "10:00", "actie voor ict de komende twee uur de servers monitoren",
     {"kind": "action", "owner": "ict", "deadline": None}),
    ("g014", "nl", "09:00", "10:00", "actie voor ict tegen elven de laptops klaarzetten",
     {"kind": "action", "owner": "ict", "deadline": "11:00", "deadline_kind": "uiterlijk"}),
    ("g015", "nl", "09:00", "10:00", "opdracht aan ict op maandag om negen uur de audit voorbereiden",
     {"kind": "order", "owner": "ict", "deadline": "+4 09:00"}),
    ("g016", "nl", "09:00", "10:00", "opdracht aan facilitair voor morgen een andere locatie",
     {"kind": "order", "owner": "facilitair", "deadline": None}),
    ("g017", "nl", "09:00", "10:00", "we besluiten dat straks", {"kind": NOT_DECISION}),
    ("g018", "nl", "09:00", "10:00", "er is nog niets besloten over de heropening", {"kind": NOT_DECISION}),
    ("g019", "nl", "09:00", "10:00", "we gaan de school sluiten", {"kind": "decision"}),
    ("g020", "nl", "09:00", "10:00", "de school gaat dicht dat is besloten",
     {"n": 1, "kind": "decision", "text": "De school gaat dicht."}),
    ("g021", "nl", "09:00", "10:00", "vraag hr om de familie te bellen", {"kind": {"order", "action"},
                                                                        "owner": "hr"}),
    ("g022", "nl", "09:00", "10:00", "informatie van de politie er is een verdachte aangehouden",
     {"kind": "info", "info_source": "de politie", "text": "Er is een verdachte aangehouden."}),
    ("g023", "nl", "14:00", "15:00", "volgende overleg om half vier", {"kind": "process", "deadline": "15:30"}),
    ("g024", "nl", "09:00", "10:00", "dan sluit ik het overleg", {"kind": "process"}),
    ("g025", "nl", "09:00", "10:00", "laten we naar de besluitvorming gaan", {"kind": "process"}),
    ("g026", "nl", "09:00", "10:00", "de opvang loopt vol", {"kind": "bottleneck"}),
    ("g027", "nl", "09:00", "10:00", "hoeveel mensen zijn er nog binnen", {"kind": "info_need"}),
    ("g028", "nl", "09:00", "10:00", "ik wil van communicatie een persbericht binnen een uur",
     {"kind": {"order", "action"}, "owner": "communicatie", "deadline": "10:00"}),
    ("g029", "nl", "09:00", "10:00", "kees kun je even kijken naar de verwarming",
     {"kind": {"action", "order"}, "owner": "facilitair"}),
    ("g030", "nl", "09:00", "10:00", "de jurist gaat de verzekeraar bellen",
     {"kind": {"order", "action"}, "owner": "juridisch"}),
    # ---------------------------------------------------------------- more generalisation (en)
    ("h001", "en", "09:00", "10:00", "thanks eva", {"kind": "none"}),
    ("h002", "en", "09:00", "10:00", "i think we should wait", {"kind": "none"}),
    ("h003", "en", "09:00", "10:00", "the coffee machine is broken", {"kind": "none"}),
    ("h004", "en", "09:00", "10:00", "journalists are at the entrance", {"kind": "info"}),
    ("h005", "en", "09:00", "10:00", "we have decided nothing yet", {"kind": NOT_DECISION}),
    ("h006", "en", "09:00", "10:00", "we will close the building", {"kind": "decision"}),
    ("h007", "en", "09:00", "10:00", "ask hr to call the families", {"kind": {"order", "action"}, "owner": "hr"}),
    ("h008", "en", "09:00", "10:00", "please ask legal to review the statement by four",
     {"kind": {"order", "action"}, "owner": "juridisch", "deadline": "16:00"}),
    ("h009", "en", "09:00", "10:00", "IT, please restore the network by three.",
     {"kind": {"order", "action"}, "owner": "ict", "deadline": "15:00"}),
    ("h010", "en", "09:00", "10:00", "it is raining", {"kind": "none"}),
    ("h011", "en", "09:00", "10:00", "ok let us continue", {"kind": {"process", "none"}}),
    ("h012", "en", "09:00", "10:00", "the mayor has decided to close the roads",
     {"kind": "info", "info_source": "the mayor"}),
    ("h013", "en", "09:00", "10:00", "hr please call the families", {"kind": {"order", "action"}, "owner": "hr"}),
    ("h014", "en", "09:00", "10:00", "lotte can you check the backups", {"kind": {"action", "order"},
                                                                       "owner": "ict"}),
    ("h015", "en", "09:00", "10:00", "order for hr update the phone list at fourteen hundred",
     {"kind": "order", "owner": "hr", "deadline": "14:00"}),
    ("h016", "en", "09:00", "10:00", "action for it restore email at 2:30 pm",
     {"kind": "action", "owner": "ict", "deadline": "14:30"}),
    ("h017", "en", "09:00", "10:00", "update from hr all staff have been reached",
     {"kind": "info", "info_source": "HR", "text": "All staff have been reached."}),
    ("h018", "en", "09:00", "10:00", "action five has been cancelled",
     {"kind": "status", "ref": "A-5", "new_status": "cancelled"}),
    ("h019", "en", "09:00", "10:00", "my decision is to evacuate", {"kind": "decision"}),
    ("h020", "en", "09:00", "10:00", "the next meeting is at half past two",
     {"kind": "process", "deadline": "14:30"}),
    # ---------------------------------------------------------------- English, ASR style
    ("e001", "en", "09:00", "10:00", "decision we evacuate the east wing", {"kind": "decision"}),
    ("e002", "en", "09:00", "10:00", "we decide to close the canteen",
     {"kind": "decision", "text": "Close the canteen."}),
    ("e003", "en", "09:00", "10:00", "i have decided that all staff work from home", {"kind": "decision"}),
    ("e004", "en", "09:00", "10:00", "the municipality has decided to close the road",
     {"kind": "info", "info_source": "the municipality"}),
    ("e005", "en", "09:00", "10:00", "we are not deciding that yet", {"kind": NOT_DECISION}),
    ("e006", "en", "09:00", "10:00", "do we decide on that now", {"kind": "none"}),
    ("e007", "en", "09:00", "10:00", "i suggest we inform the press at three", {"kind": "proposal"}),
    ("e008", "en", "09:00", "10:00", "shall we move the visitors to the gym", {"kind": "proposal"}),
    ("e009", "en", "20:00", "21:00", "order for security guard the south entrance until midnight",
     {"kind": "order", "owner": "security", "deadline": "+1 00:00", "deadline_kind": "uiterlijk"}),
    ("e010", "en", "09:00", "10:00", "action for comms post an update on the website within the hour",
     {"kind": "action", "owner": "communicatie", "deadline": "10:00", "deadline_kind": "uiterlijk"}),
    ("e011", "en", "09:00", "10:00", "action for hr call the families asap",
     {"kind": "action", "owner": "hr", "deadline": None, "deadline_kind": "zsm"}),
    ("e012", "en", "09:00", "10:00",
     "tasking for the legal team check the notification duty by quarter to eleven",
     {"kind": "order", "owner": "juridisch", "deadline": "10:45"}),
    ("e013", "en", "09:00", "10:00", "action for facilities arrange extra chairs by two pm",
     {"kind": "action", "owner": "facilitair", "deadline": "14:00"}),
    ("e014", "en", "15:00", "16:00", "order for it restore the backup tomorrow morning at seven",
     {"kind": "order", "owner": "ict", "deadline": "+1 07:00"}),
    ("e015", "en", "09:00", "10:00", "eva can you draft a holding statement in twenty minutes",
     {"kind": {"action", "order"}, "owner": "communicatie", "deadline": "09:20"}),
    ("e016", "en", "09:00", "10:00", "kees will pick up the catering",
     {"kind": {"action", "order"}, "owner": "facilitair"}),
    ("e017", "en", "09:00", "10:00", "action for me call the mayor at ten thirty",
     {"kind": "action", "owner": "voorzitter", "deadline": "10:30", "deadline_kind": "om"}),
    ("e018", "en", "09:00", "10:00", "action four is done", {"kind": "status", "ref": "A-4", "new_status": "done"}),
    ("e019", "en", "09:00", "10:00", "order two is still in progress",
     {"kind": "status", "ref": "O-2", "new_status": "in_progress"}),
    ("e020", "en", "09:00", "10:00", "action seven can be cancelled",
     {"kind": "status", "ref": "A-7", "new_status": "cancelled"}),
    ("e021", "en", "09:00", "10:00", "action nine has not started yet",
     {"kind": "status", "ref": "A-9", "new_status": "open"}),
    ("e022", "en", "09:00", "10:00", "for your information the fire brigade is on site", {"kind": "info"}),
    ("e023", "en", "09:00", "10:00", "unconfirmed two people may be injured",
     {"kind": "info", "reliability": "onbevestigd"}),
    ("e024", "en", "09:00", "10:00", "according to the police the suspect has been arrested",
     {"kind": "info", "info_source": "the police"}),
    ("e025", "en", "09:00", "10:00", "bottleneck we do not have enough security staff for the night",
     {"kind": "bottleneck"}),
    ("e026", "en", "09:00", "10:00", "we don't know yet who owns the building", {"kind": "info_need"}),
    ("e027", "en", "14:00", "15:00", "we meet again at half past three",
     {"kind": "process", "text": "We meet again at 15:30."}),
    ("e028", "en", "09:00", "10:00", "let's move on to decision making", {"kind": "process"}),
    ("e029", "en", "09:00", "10:00", "sorry can you repeat that", {"kind": "none"}),
    ("e030", "en", "09:00", "10:00",
     "decision we close the building and action for facilities put up signs by noon",
     {"n": 2, "kinds": ["decision", "action"], "owners": [None, "facilitair"]}),
    ("e031", "en", "09:00", "10:00", "i propose to close the school agreed so decided",
     {"n": 1, "kind": "decision", "text": "Close the school."}),
    ("e032", "en", "09:00", "10:00", "action for security check the gates at a quarter past nine",
     {"kind": "action", "owner": "security", "deadline": "09:15"}),
    ("e033", "en", "09:00", "10:00", "action for legal send the advice at ten to eleven",
     {"kind": "action", "owner": "juridisch", "deadline": "10:50"}),
    ("e034", "en", "09:00", "10:00", "order for hr update the roster by five pm",
     {"kind": "order", "owner": "hr", "deadline": "17:00", "deadline_kind": "uiterlijk"}),
    ("e035", "en", "15:00", "16:00", "action for security lock the gates tonight at eleven",
     {"kind": "action", "owner": "security", "deadline": "23:00"}),
    ("e036", "en", "09:00", "10:00", "the police report that the road is closed",
     {"kind": "info"}),
    ("e037", "en", "09:00", "10:00", "i want the spokesperson to call the mayor before ten",
     {"kind": {"order", "action"}, "owner": "communicatie", "deadline": "10:00"}),
    ("e038", "en", "09:00", "10:00", "action item for the it department replace the router within thirty minutes",
     {"kind": "action", "owner": "ict", "deadline": "09:30"}),
    ("e039", "en", "09:00", "10:00", "my suggestion is to move the meeting", {"kind": "proposal"}),
    ("e040", "en", "09:00", "10:00", "the problem is that the phones are down", {"kind": "bottleneck"}),
    ("e041", "en", "09:00", "10:00", "information need how many beds are still free", {"kind": "info_need"}),
    ("e042", "en", "09:00", "10:00", "has anyone seen my charger", {"kind": "none"}),
    ("e043", "en", "09:00", "10:00", "i close the meeting", {"kind": "process"}),
    ("e044", "en", "09:00", "10:00", "the next meeting is at eleven", {"kind": "process"}),
    ("e045", "en", "09:00", "10:00", "action for hr with high priority arrange aftercare",
     {"kind": "action", "owner": "hr", "priority": "hoog"}),
    ("e046", "en", "09:00", "10:00", "decision we close the lab because of the gas leak",
     {"kind": "decision", "reason": "gas leak"}),
    ("e047", "en", "09:00", "10:00", "action for the press officer prepare questions and answers by the next meeting",
     {"kind": "action", "owner": "communicatie", "deadline": "10:00", "deadline_kind": "volgend_overleg"}),
    ("e048", "en", "09:00", "10:00", "peter could you call the company doctor",
     {"kind": {"action", "order"}, "owner": "hr"}),
    ("e049", "en", "09:00", "10:00", "we evacuate the basement", {"kind": "decision"}),
    ("e050", "en", "09:00", "10:00", "we will come back to that later", {"kind": NOT_DECISION}),
    # ---------------------------------------------------------------- English, typed
    ("u001", "en", "09:00", "10:00", "Action for IT: restore e-mail, by 14:00.",
     {"kind": "action", "owner": "ict", "deadline": "14:00", "text": "Restore e-mail, by 14:00."}),
    ("u002", "en", "09:00", "10:00", "Order for Communications: press release before 13.00.",
     {"kind": "order", "owner": "communicatie", "deadline": "13:00"}),
    ("u003", "en", "09:00", "10:00", "Decision: the main building stays closed today.",
     {"kind": "decision", "text": "The main building stays closed today."}),
    ("u004", "en", "09:00", "10:00", "Unconfirmed: a journalist is inside the building.",
     {"kind": "info", "reliability": "onbevestigd"}),
    ("u005", "en", "09:00", "10:00", "Action 3 is done.", {"kind": "status", "ref": "A-3", "new_status": "done"}),
    ("u006", "en", "09:00", "10:00", "Action for HR: call the families at 2pm.",
     {"kind": "action", "owner": "hr", "deadline": "14:00"}),
    ("u007", "en", "09:00", "10:00", "Is there any coffee left?", {"kind": "none"}),
    ("u008", "en", "09:00", "10:00", "Legal, please check our notification duty ASAP.",
     {"kind": {"order", "action"}, "owner": "juridisch", "deadline_kind": "zsm"}),
]


def _expected_deadline(value: str | None) -> str | None:
    if value is None:
        return None
    days = 0
    if value.startswith("+"):
        plus, value = value.split()
        days = int(plus[1:])
    hour, minute = value.split(":")
    return (datetime.combine(DAY + timedelta(days=days), datetime.min.time())
            .replace(hour=int(hour), minute=int(minute)).strftime("%Y-%m-%dT%H:%M"))


def _at(value: str | None) -> datetime | None:
    if value is None:
        return None
    hour, minute = value.split(":")
    return datetime(DAY.year, DAY.month, DAY.day, int(hour), int(minute))


def run_case(case):
    _id, lang, now, nxt, text, _exp = case
    return parse_utterance(text, now=_at(now), next_meeting=_at(nxt), roster=ROSTER, lang=lang)


def check(case) -> list[str]:
    """Differences between a case's expectation and the parser's result (empty when it passes)."""
    _id, _lang, _now, _nxt, text, exp = case
    drafts = run_case(case)
    problems: list[str] = []
    first = drafts[0] if drafts else None
    if "n" in exp and len(drafts) != exp["n"]:
        problems.append(f"n={len(drafts)} != {exp['n']}")
    if "kinds" in exp and [d.kind.value for d in drafts] != exp["kinds"]:
        problems.append(f"kinds={[d.kind.value for d in drafts]} != {exp['kinds']}")
    if "owners" in exp and [d.owner for d in drafts] != exp["owners"]:
        problems.append(f"owners={[d.owner for d in drafts]} != {exp['owners']}")
    if "kind" in exp:
        got = first.kind.value if first else "none"
        want = exp["kind"]
        if (got not in want) if isinstance(want, set) else (got != want):
            problems.append(f"kind={got!r} != {want!r}")
    if first is None:
        return problems
    c = first.content
    simple = {
        "owner": c.owner,
        "deadline_kind": c.deadline_kind.value if c.deadline_kind else None,
        "ref": c.ref,
        "new_status": c.new_status.value if c.new_status else None,
        "reliability": c.reliability.value if c.reliability else None,
        "info_source": c.info_source,
        "priority": c.priority.value if c.priority else None,
        "text": c.text,
    }
    for key, got in simple.items():
        if key in exp and got != exp[key]:
            problems.append(f"{key}={got!r} != {exp[key]!r}")
    if "deadline" in exp and c.deadline != _expected_deadline(exp["deadline"]):
        problems.append(f"deadline={c.deadline!r} != {_expected_deadline(exp['deadline'])!r}")
    if "reason" in exp and exp["reason"] not in c.reason:
        problems.append(f"reason={c.reason!r} lacks {exp['reason']!r}")
    if "text_has" in exp and exp["text_has"] not in c.text:
        problems.append(f"text={c.text!r} lacks {exp['text_has']!r}")
    return problems


def test_enough_cases_in_both_languages():
    assert len(CASES) >= 100
    assert len({c[0] for c in CASES}) == len(CASES), "duplicate case ids"
    assert sum(1 for c in CASES if c[1] == "en") >= 30
    assert sum(1 for c in CASES if c[4][:1].isupper()) >= 20  # typed style


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_case(case):
    problems = check(case)
    assert not problems, f"{case[4]!r}: " + "; ".join(problems)
