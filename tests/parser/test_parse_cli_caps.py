"""`assistant parse` applies the app's caps: oversized, malformed and non-UTF-8 lines give a per-line error
and the run goes on; at most MAX_DRAFTS_PER_LINE drafts per line; invisible characters are removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.domain.clean_text import MAX_DRAFTS_PER_LINE, MAX_LINE_CHARS

REPO = Path(__file__).resolve().parents[2]


def run_parse(stdin: bytes) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "assistant", "parse"], input=stdin, capture_output=True,
                            cwd=REPO, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def _line(ident: str, text: str) -> bytes:
    item = {"id": ident, "lang": "nl", "now": "2026-02-05T09:30", "text": text}
    return (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8")


ORDERS = " ".join(f"opdracht aan hr lijst {i} maken voor elf uur." for i in range(40))


def test_bad_lines_give_errors_and_the_run_goes_on():
    huge_text = ORDERS * 60  # about 100 KB of text in one line: the 2,400 drafts
    stdin = b"".join([
        _line("huge", huge_text),
        _line("long", (ORDERS * 2)[: MAX_LINE_CHARS + 500]),
        _line("ok1", "besluit we sluiten gebouw b"),
        b'{"id": "broken", "text": "no end\n',
        b"\xff\xfe not utf-8\n",
        b'{"id": "flood", "text": "' + b"x" * (MAX_LINE_CHARS * 8) + b'"}\n',
        _line("many", ORDERS[:MAX_LINE_CHARS - 100]),
        _line("hidden", "besluit we sluiten\u202e gebouw\u200b b"),
    ])
    out = run_parse(stdin)
    assert [o.get("id") for o in out] == [None, "long", "ok1", None, None, None, "many", "hidden"]
    assert "line too long" in out[0]["error"] and "drafts" not in out[0]  # never decoded, never parsed
    assert "at most 2000" in out[1]["error"] and "drafts" not in out[1]
    assert out[2]["kind"] == "decision"
    assert "invalid JSON" in out[3]["error"]
    assert "not UTF-8" in out[4]["error"]
    assert "line too long" in out[5]["error"]
    assert len(out[6]["drafts"]) == MAX_DRAFTS_PER_LINE and out[6]["drafts_left_out"] > 0
    assert out[7]["kind"] == "decision" and "\u202e" not in out[7]["text"] and "\u200b" not in out[7]["text"]
