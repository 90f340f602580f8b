"""Text from a dossier made safe to show on a terminal: its control characters made visible.

A school name, a title or a folder name is written by someone else; on a
terminal an escape sequence in it could set the window title, clear the screen
or hide the lines that follow. C0 controls become their Unicode control
pictures (ESC -> ␛), DEL ␡, and C1 controls and the bidirectional overrides
that reorder what is read (« Trojan Source ») their `\\u` escape.
"""

from __future__ import annotations

import re

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_ESCAPED = {
    code: f"\\u{code:04x}"
    for code in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}
_LINE = str.maketrans({**_PICTURES, **_ESCAPED})
_TEXT = str.maketrans({**{k: v for k, v in _PICTURES.items() if chr(k) not in "\n\t"}, **_ESCAPED})
# The characters shown, as the body of a regular expression's class.
CONTROLS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{CONTROLS}]")
_UNSAFE_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(value: object) -> str:
    """One line of untrusted text, every control character shown (a newline too: ␊)."""
    text = str(value)
    return text.translate(_LINE) if _UNSAFE.search(text) else text


def visible_text(value: object) -> str:
    """Untrusted text of several lines: newlines and tabs kept, every other control shown."""
    text = str(value)
    return text.translate(_TEXT) if _UNSAFE_IN_TEXT.search(text) else text


_REORDERING = str.maketrans(_ESCAPED)
_UNSAFE_BEYOND_ASCII = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def unreordered(value: object) -> str:
    """Text whose C1 controls and bidirectional overrides are shown as `\\u` escapes, the rest
    as is: for formats that deal with their C0 controls themselves (XML, iCalendar), a name
    in a CI page or a calendar must not reorder what is read (« Trojan Source »)."""
    text = str(value)
    return text.translate(_REORDERING) if _UNSAFE_BEYOND_ASCII.search(text) else text
