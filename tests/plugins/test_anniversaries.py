"""A held label's anniversaries, for every built-in label: its expiry, and the day its last
year of validity, when the renewal is due, begins.

The last year begins on the award's anniversary (Lycée des métiers: « Au cours de la
cinquième année », circular of 23 October 2023, § 1: award + 4 years), counted from the
award, not a year back from the expiry: a label awarded on 29 February 2024 for five years
expires on 28 February 2029 (that year has no 29th), and its fifth year begins on
29 February 2028, which exists. The end of a shorter month stands in for a day that does not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from labelcheck.core import french

FIXTURES = Path(__file__).parent / "fixtures" / "anniversaries"
D = dt.date

# label: (renewal due from, expires), for each award date.
ANNIVERSARIES = {
    "held-29-february.toml": {
        "ldm": (D(2028, 2, 29), D(2029, 2, 28)),  # five years
        "e3d": (D(2028, 2, 29), D(2029, 2, 28)),  # five years (national profile)
        "euroscol": (D(2026, 2, 28), D(2027, 2, 28)),  # three years: 2026 has no 29 February
        "eduform": (D(2026, 2, 28), D(2027, 2, 28)),
    },
    "held-31-august.toml": {
        "ldm": (D(2027, 8, 31), D(2028, 8, 31)),
        "e3d": (D(2027, 8, 31), D(2028, 8, 31)),
        "euroscol": (D(2025, 8, 31), D(2026, 8, 31)),
        "eduform": (D(2025, 8, 31), D(2026, 8, 31)),
    },
}
CASES = [
    (fixture, label, due_from, expires)
    for fixture, labels in ANNIVERSARIES.items()
    for label, (due_from, expires) in labels.items()
]


def _held(evaluate, fixture: str, label: str, as_of: dt.date):
    result = evaluate(FIXTURES / fixture, "national", as_of.isoformat())
    assert not result.errors, result.errors
    return next(found for found in result.labels if found.label == label)


@pytest.mark.parametrize(("fixture", "label", "due_from", "expires"), CASES)
def test_the_last_year_of_validity_begins_on_the_award_s_anniversary(
    evaluate, fixture, label, due_from, expires
):
    held = _held(evaluate, fixture, label, due_from).held
    assert (held["renewal_due_from"], held["expires"]) == (due_from, expires)
    assert held["status"] == "renewal-due"
    eve = _held(evaluate, fixture, label, due_from - dt.timedelta(days=1)).held
    assert eve["status"] == "valid"


@pytest.mark.parametrize(("fixture", "label", "due_from", "expires"), CASES)
def test_the_echeancier_starts_the_renewal_on_the_anniversary(
    evaluate, fixture, label, due_from, expires
):
    steps = _held(evaluate, fixture, label, due_from - dt.timedelta(days=1)).steps
    assert {s.date for s in steps if s.id.startswith("renewal-due")} == {due_from}
    assert {s.date for s in steps if s.id.startswith("expiry")} == {expires}


def test_the_renewal_is_never_due_before_the_award(evaluate):
    """An expiry set less than a year after the award read « attribué le 10/01/2026 […] la
    relabellisation est à préparer depuis le 30/09/2025 »: the last year counted back from
    the expiry began before the label existed. It begins with the award."""
    label = _held(evaluate, "held-short-expiry.toml", "euroscol", D(2026, 2, 1))
    assert label.held["renewal_due_from"] == D(2026, 1, 10)
    [finding] = [f for f in label.findings if f.kind == "validity"]
    assert "depuis le 10/01/2026" in finding.message
    steps = [s for s in label.steps if s.id == "renewal-due"]
    assert [s.date for s in steps] == [D(2026, 1, 10)]


@pytest.mark.parametrize("label", ["ldm", "e3d", "euroscol", "eduform"])
def test_the_last_year_s_finding_and_step_name_the_renewal_as_the_verdict_does(evaluate, label):
    """Euroscol in its last year read « RELABELLISATION À ENGAGER AVANT LE 15/06/2027 » just
    above « la relabellisation est à préparer depuis le 15/06/2026 », and an échéancier step
    « Relabellisation à préparer » (E3D likewise): two verbs for one step. The verdict's
    (« à engager », as the Lycée des métiers circular says: « une procédure de renouvellement
    […] est engagée par l'établissement ») is the one every output uses."""
    due_from, _ = ANNIVERSARIES["held-31-august.toml"][label]
    held = _held(evaluate, "held-31-august.toml", label, due_from)
    [finding] = [f for f in held.findings if f.kind == "validity"]
    engage = french.verdict("renewal-due", held.renewal_name)  # « relabellisation à engager »
    assert finding.title.endswith(engage)
    said = [finding.title, finding.message, *(s.what for s in held.steps)]
    assert not [text for text in said if "préparer" in text]
