"""Masking of personal data for on-screen display.

Every helper goes through :func:`mask_text`, the single implementation of
the rule: keep a head and a tail, replace everything between with ``*``.
The usual counts (3+4 for an ID, 3+4 for a phone, 4+4 for a card, 1 for a
name) apply only when the value is at least as long as the real thing;
shorter values — truncated, partial or junk input — never show more than
half of their characters.  The helpers never raise; ``None`` gives ``""``.

Kept characters are passed through unchanged: the UI must still escape the
result before using it in Rich/Textual markup.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = [
    "MASK_CHAR", "mask_address", "mask_card", "mask_id", "mask_landline", "mask_name",
    "mask_phone", "mask_text",
]

MASK_CHAR: Final = "*"

# Separators users put into numbers; removed before masking so that they
# neither count as characters nor end up in the visible head/tail.
_NUMBER_SEPARATORS: Final = dict.fromkeys(map(ord, " -\t\u3000\u2010\u2012\u2013\u2014\u2212"))


def _visible_counts(
    length: int, keep_head: int, keep_tail: int, min_length: int
) -> tuple[int, int]:
    """How many leading and trailing characters to show.

    At ``min_length`` or more characters the requested counts are used
    (always leaving at least one character hidden); below it at most
    ``length // 2`` characters are shown, the head taking precedence.
    """
    head, tail = max(keep_head, 0), max(keep_tail, 0)
    if length >= max(min_length, head + tail + 1):
        return head, tail
    budget = length // 2
    head = min(head, budget)
    return head, min(tail, budget - head)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _compact_number(value: object) -> str:
    """NFKC-normalise and drop separators, for ID/phone/card values."""
    return unicodedata.normalize("NFKC", _as_text(value)).translate(_NUMBER_SEPARATORS)


def mask_text(
    value: str | None, keep_head: int, keep_tail: int, *, min_length: int | None = None
) -> str:
    """Replace all but the first ``keep_head`` and last ``keep_tail``
    characters with ``*``; the result has the same length as ``value``.

    ``min_length`` is the length from which the requested counts apply; it
    defaults to ``2 * (keep_head + keep_tail)``, so by default no more than
    half of the value is ever shown.  Shorter values show at most half of
    their characters.  Never raises; ``None`` gives ``""``.
    """
    text = _as_text(value)
    if min_length is None:
        min_length = 2 * (max(keep_head, 0) + max(keep_tail, 0))
    head, tail = _visible_counts(len(text), keep_head, keep_tail, min_length)
    hidden = len(text) - head - tail
    return text[:head] + MASK_CHAR * hidden + text[len(text) - tail :]


def mask_id(value: str | None) -> str:
    """Mask a resident ID: ``"110101199003071234"`` → ``"110***********1234"``.

    Shows the first 3 and last 4 characters of an 18-character number.
    """
    return mask_text(_compact_number(value), 3, 4, min_length=18)


def mask_phone(value: str | None) -> str:
    """Mask a mobile number: ``"13812345678"`` → ``"138****5678"``.

    Shows the first 3 and last 4 digits of an 11-digit number; a ``+86``,
    ``0086`` or ``86`` country prefix is dropped.
    """
    number = _compact_number(value)
    for prefix in ("+86", "0086", "86"):
        if len(number) == len(prefix) + 11 and number.startswith(prefix + "1"):
            number = number[len(prefix) :]
            break
    return mask_text(number, 3, 4, min_length=11)


def mask_card(value: str | None) -> str:
    """Mask a bank card number, grouped for reading:
    ``"6222021234567890123"`` → ``"6222 **** **** *** 0123"``.

    Shows the first 4 and last 4 digits of a card of 12 or more digits; the
    hidden middle is shown in groups of four.
    """
    number = _compact_number(value)
    masked = mask_text(number, 4, 4, min_length=12)
    head, tail = _visible_counts(len(number), 4, 4, 12)
    middle = masked[head : len(masked) - tail]
    groups = [masked[:head], *(middle[i : i + 4] for i in range(0, len(middle), 4))]
    groups.append(masked[len(masked) - tail :])
    return " ".join(group for group in groups if group)


def mask_name(value: str | None) -> str:
    """Mask a personal name, keeping the first character: ``"张三丰"`` → ``"张**"``.

    A single-character value is fully masked.
    """
    return mask_text(_as_text(value).strip(), 1, 0, min_length=2)


# The administrative part of an address (up to the first 区/县/旗, else the first 市):
# enough to say where, never which door.
_ADDRESS_AREA: Final = (re.compile(r"^.*?[区县旗]"), re.compile(r"^.*?市"))


def mask_address(value: str | None) -> str:
    """Mask an address after its district: ``"某某市某某区幸福路8号"`` → ``"某某市某某区*****"``.

    Without a 区/县/旗 (or 市) the first third is kept; at least two characters are hidden.
    """
    text = _as_text(value).strip()
    keep = len(text) // 3
    for area in _ADDRESS_AREA:
        found = area.match(text)
        if found and len(text) - found.end() >= 2:
            keep = found.end()
            break
    return mask_text(text, keep, 0, min_length=0)


_AREA_CODE: Final = re.compile(r"^(\(0\d{2,3}\)|0\d{2,3}[- ]?)(\d+)$")


def mask_landline(value: str | None) -> str:
    """Mask a landline, keeping the area code and the last four digits:
    ``"0755-12345678"`` → ``"0755-****5678"``."""
    number = unicodedata.normalize("NFKC", _as_text(value)).strip()
    found = _AREA_CODE.match(number)
    if found is None:
        return mask_text(_compact_number(number), 0, 4)
    return found.group(1) + mask_text(found.group(2), 0, 4, min_length=7)
