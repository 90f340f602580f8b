"""Calendar arithmetic: a date some years or months later, kept within the month it lands in."""

from __future__ import annotations

import calendar
import datetime as dt

from labelcheck.core import french
from labelcheck.core.cache import lazy_pattern

# No dossier speaks of a day outside these; near year 1 or 9999, date arithmetic (a
# label's validity added to its award) overflows.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def iso_day(text: str) -> dt.date | None:
    """The day `text` writes as AAAA-MM-JJ, the one form the contracts give, else None
    (fromisoformat alone also reads 20260520 and 2026-W21-3)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# A day written another common way: year first with one-digit parts or slashes (2026-5-20,
# 2026/05/20), or day first as French writes it (20/05/2026, 20.05.2026, 20-05-2026).
_YEAR_FIRST = lazy_pattern(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_FIRST = lazy_pattern(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def day_written_otherwise(text: str) -> dt.date | None:
    """The day `text` means when it writes one other than AAAA-MM-JJ (« 20/05/2026 »,
    « 2026-5-20 », « 2026-W21-3 »), to suggest its AAAA-MM-JJ; None if it writes none."""
    text = text.strip()
    if found := _YEAR_FIRST().fullmatch(text):
        year, month, day = map(int, found.groups())
    elif found := _DAY_FIRST().fullmatch(text):
        day, month, year = map(int, found.groups())
    elif found := _IN_WORDS().fullmatch(french.unaccented(text).casefold()):
        # « 4 mars 2026 », « 1er avril 2026 », as a secretary writes it (the CI audit)
        day, year = int(found["day"]), int(found["year"])
        month = _MONTHS.index(found["month"]) + 1
    else:
        try:  # what fromisoformat reads besides AAAA-MM-JJ: 20260520, 2026-W21-3
            return dt.date.fromisoformat(text) if text.isascii() and len(text) >= 8 else None
        except ValueError:
            return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_MONTHS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
)  # fmt: skip
_IN_WORDS = lazy_pattern(
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(?P<day>\d{1,2})(?:er)?\s+"
    rf"(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})"
)


def out_of_range(day: dt.date) -> str:
    """Why a date outside EARLIEST..LATEST is refused."""
    return f"date hors limites : {day.isoformat()} ; attendue entre {EARLIEST} et {LATEST}"


YEAR_PATTERN = r"^(19|20|21)[0-9]{2}$"  # a school year, as indicators' values are keyed: 2025


def not_a_year(text: str) -> str:
    """Why a key that is not a year is refused where a year is expected."""
    if school_year_meant(text):
        # « 2024-2025 » is how French writes a school year: it is one, named otherwise.
        return (
            f"{french.quoted(text)} n'est pas une clé d'année{french.NNBSP}: une année scolaire "
            "s'écrit par l'année où elle se termine, en 4 chiffres"
        )
    return (
        f"{french.quoted(text)} n'est pas une année scolaire{french.NNBSP}: une année en 4 "
        "chiffres, de 1900 à 2199, attendue, par exemple 2025"
    )


# A school year as French writes it: 2024-2025, 2024/2025, 2024-25.
_SCHOOL_YEAR = lazy_pattern(r"\s*(\d{4})\s*[-/–]\s*(\d{4}|\d{2})\s*")


def school_year_meant(text: str) -> str | None:
    """The year that names a school year written « 2024-2025 »: the year it ends, 2025. The
    format keys measures so: a measure of year Y counts from 1 January of Y (asof.py), within
    the school year ending in Y, where the year it starts would count it before it began."""
    found = _SCHOOL_YEAR().fullmatch(text)
    if found is None:
        return None
    start, end = int(found[1]), found[2]
    ends = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if len(end) == 2 and ends < start:  # 2099-00
        ends += 100
    return str(ends) if ends == start + 1 else None


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    if not months:
        return day  # most milestones count in days only
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


_ISO_SHAPED = lazy_pattern(r"(\d{4})-(\d{2})-(\d{2})")


def impossible_day(text: str) -> str | None:
    """Why a text of the form AAAA-MM-JJ names no day, in words: « le 31 juin 2021 n'existe
    pas (juin a 30 jours) », « il n'y a pas de mois 13 »; None when it names one, or is of
    another form."""
    found = _ISO_SHAPED().fullmatch(text.strip())
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"il n'y a pas de mois {found[2]} (de 01 à 12)"
    name = french.MONTHS[month - 1]
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        return "il n'y a pas de jour 00"
    if day > last:
        return f"le {day} {name} {year} n'existe pas ({name} {year} a {last} jours)"
    return None
