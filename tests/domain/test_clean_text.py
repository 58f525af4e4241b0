"""Clean text: invisible and direction-changing characters are removed, lengths are bounded."""

from __future__ import annotations

import pytest

from assistant.domain.clean_text import (
    MAX_DRAFTS_PER_LINE,
    MAX_LINE_CHARS,
    LineTooLong,
    cap_drafts,
    clean_line,
    clean_text,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Besluit:\u202e tfihs ,nepo", "Besluit: tfihs ,nepo"),  # right-to-left override
        ("A-1\u2066 gereed\u2069", "A-1 gereed"),  # isolates
        ("ont\u200bruim\u200cing\u200d\ufeff", "ontruiming"),  # zero-width characters
        ("bel\x00 de\x07 burge\x1bmeester", "bel de burgemeester"),  # control characters
        ("regel één\ttwee\nen drie", "regel één twee en drie"),
        ("coördinator, €, ’, – en 🚒", "coördinator, €, ’, – en 🚒"),  # real text untouched
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_multiline_keeps_line_breaks_only():
    assert clean_text("een\r\ntwee\u2028drie\x0c\u202evier", multiline=True) == "een\ntwee\ndrie vier"


def test_clean_line_caps_length_with_a_clear_error():
    assert clean_line("  " + "a" * MAX_LINE_CHARS + "\u200b  ") == "a" * MAX_LINE_CHARS
    with pytest.raises(LineTooLong) as info:
        clean_line("b" * (MAX_LINE_CHARS + 1))
    assert info.value.code == "line_too_long"
    assert (info.value.params["length"], info.value.params["limit"]) == (MAX_LINE_CHARS + 1, MAX_LINE_CHARS)
    import assistant.storage.errors  # noqa: F401  (registers the message)
    from assistant.i18n import error_message

    assert "te lang (2001 tekens, hoogstens 2000)" in error_message(info.value, "nl")


def test_cap_drafts():
    items = list(range(12))
    assert cap_drafts(items) == (items[:MAX_DRAFTS_PER_LINE], 12 - MAX_DRAFTS_PER_LINE)
    assert cap_drafts(items[:2]) == ([0, 1], 0)
