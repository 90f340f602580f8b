"""Calendar arithmetic: a date some years or months later, kept within the month it lands in."""

from __future__ import annotations

import datetime as dt

from labelcheck.core import french

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


def out_of_range(day: dt.date) -> str:
    """Why a date outside EARLIEST..LATEST is refused."""
    return f"date hors limites : {day.isoformat()} ; attendue entre {EARLIEST} et {LATEST}"


YEAR_PATTERN = r"^[0-9]{4}$"  # a school year, as indicators' values are keyed: 2025


def not_a_year(text: str) -> str:
    """Why a key that is not a year is refused where a year is expected."""
    return (
        f"{french.quoted(text)} n'est pas une année scolaire{french.NNBSP}: une année en 4 "
        "chiffres attendue, par exemple 2025"
    )


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
