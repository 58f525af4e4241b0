"""`assistant parse`: JSON lines on stdin -> one JSON line of draft entries per input on stdout.

Input lines: {"id", "lang", "now", "next_meeting", "text", "phase"?, "open_tasks"?: [{"ref", "text",
"owner"?}]} (other keys ignored). The proposal on one line is what "akkoord" on the next ratifies;
open tasks let "het persbericht is de deur uit" find the order it closes.
Output lines: {"id", "kind", "owner", "deadline", "deadline_kind", "text", "ref", "new_status",
"confidence", ...} for the first draft ("kind": "none" when there is none) plus "drafts" (all of
them) when an utterance holds more than one entry. A bad input line gives {"id", "error"} and the
run continues; the exit status is 0 unless the roster (or phrasebook) cannot be read.

The app's caps apply (``assistant.domain.clean_text``): text is cleaned of control, bidi-override and
zero-width characters; a text over ``MAX_LINE_CHARS`` gives an error line without being parsed (an
input line over ``MAX_INPUT_BYTES`` is not even decoded), and at most ``MAX_DRAFTS_PER_LINE`` drafts
are given per line (``"drafts_left_out": N`` says how many more the parser found). Invalid UTF-8
gives an error line too.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from assistant.domain.clean_text import MAX_DRAFTS_PER_LINE, MAX_LINE_CHARS, cap_drafts, clean_line
from assistant.domain.errors import AssistantError, InvalidInput
from assistant.domain.parser import (
    OpenTask,
    ParseContext,
    ParsedDraft,
    detect_language,
    load_phrasebook,
    parse_utterance,
)
from assistant.domain.parser.phrasebook import LANGUAGES, Phrasebook
from assistant.domain.roster import Roster

MAX_INPUT_BYTES = 4 * MAX_LINE_CHARS + 4096  # a JSON line holding a text at the cap, escaped, plus keys

_FIELDS = ("kind", "owner", "deadline", "deadline_kind", "deadline_words", "text", "ref", "new_status",
           "reliability", "info_source", "priority", "reason")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--roster", metavar="PATH",
                        help="roster JSON: a list of {role, label, name} (default: the standard roles)")
    parser.add_argument("--phrasebook", metavar="PATH",
                        help="an organisation's extra phrasebook (TOML), merged over the built-in one")


def load_roster(path: str | None) -> Roster:
    if not path:
        return Roster.default()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read roster {path}: {exc.strerror or exc}", field="roster") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"roster {path} is not valid JSON: {exc}", field="roster") from exc
    if isinstance(data, dict):
        data = data.get("roles") or data.get("roster") or []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InvalidInput(f"roster {path} must be a list of roles", field="roster")
    return Roster.from_list(data)


def _time(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be an ISO date-time string", field=name)
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name} {value!r} is not an ISO date-time", field=name) from exc


def _open_tasks(value: Any) -> tuple[OpenTask, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list) or not all(isinstance(t, dict) and t.get("ref") for t in value):
        raise InvalidInput("open_tasks must be a list of {ref, text, owner}", field="open_tasks")
    return tuple(OpenTask(str(t["ref"]), str(t.get("text") or ""), t.get("owner")) for t in value)


def draft_json(draft: ParsedDraft) -> dict[str, Any]:
    content = draft.content.to_dict()
    out = {name: content.get(name) for name in _FIELDS}
    out["confidence"] = {k: round(v, 2) for k, v in draft.field_confidence.items()}
    if draft.ratifies:
        out["ratifies"] = True
    return out


def parse_line(line: str, *, roster: Roster, phrasebooks: dict[str, Phrasebook],
               previous: ParsedDraft | None) -> tuple[dict[str, Any], ParsedDraft | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"invalid JSON: {exc.msg}"}, None
    if not isinstance(item, dict):
        return {"id": None, "error": "a line must be a JSON object"}, None
    ident = item.get("id")
    try:
        text = item.get("text")
        if not isinstance(text, str):
            raise InvalidInput("text is missing or not a string", field="text")
        text = clean_line(text)
        now = _time(item.get("now"), "now") or datetime.now().replace(second=0, microsecond=0)
        next_meeting = _time(item.get("next_meeting"), "next_meeting")
        lang = item.get("lang") or detect_language(text)
        if lang not in LANGUAGES:
            lang = detect_language(text)
        context = ParseContext(now=now, next_meeting=next_meeting, roster=roster,
                               open_tasks=_open_tasks(item.get("open_tasks")), last_proposal=previous,
                               phase=item.get("phase"))
        drafts = parse_utterance(text, lang=lang, phrasebook=phrasebooks[lang], context=context)
    except AssistantError as exc:
        return {"id": ident, "error": exc.detail or exc.code}, None
    except (TypeError, ValueError) as exc:
        return {"id": ident, "error": str(exc)}, None
    out: dict[str, Any] = {"id": ident}
    drafts, left_out = cap_drafts(drafts, MAX_DRAFTS_PER_LINE)
    if left_out:
        out["drafts_left_out"] = left_out
    if drafts:
        out.update(draft_json(drafts[0]))
    else:
        out.update({name: None for name in _FIELDS})
        out["kind"] = "none"
        out["confidence"] = {}
    if len(drafts) > 1:
        out["drafts"] = [draft_json(d) for d in drafts]
    last = drafts[-1] if drafts else None
    return out, last


def input_lines(stdin: BinaryIO) -> Any:
    """Decoded input lines, or an error dict for a line that is too long or not UTF-8 (read in bounded
    chunks: a huge line never sits in memory whole)."""
    while True:
        raw = stdin.readline(MAX_INPUT_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_INPUT_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while (rest := stdin.readline(1 << 20)) and not rest.endswith(b"\n"):
                size += len(rest)
            size += len(rest)
            yield {"id": None, "error": f"line too long ({size} bytes, at most {MAX_INPUT_BYTES})"}
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield {"id": None, "error": f"not UTF-8 ({exc.reason} at byte {exc.start})"}


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    roster = load_roster(getattr(args, "roster", None))
    extra = getattr(args, "phrasebook", None)
    phrasebooks = {lang: load_phrasebook(lang, extra) for lang in LANGUAGES}
    previous: ParsedDraft | None = None
    binary = getattr(stdin, "buffer", None)
    lines = input_lines(binary) if binary is not None else iter(stdin)
    for line in lines:
        if isinstance(line, dict):
            stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            previous = None
            continue
        if not line.strip():
            continue
        out, last = parse_line(line, roster=roster, phrasebooks=phrasebooks, previous=previous)
        # "akkoord, zo besloten" on the next line ratifies a proposal on this one
        previous = last if last is not None and last.kind.value == "proposal" else None
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0
