"""What a rule or a step says of a period stays true when the academy's profile sets it.

From the French proofreader's audit: under a profile giving Eduform four years of
validity, two months to lift a major and its surveillance audit from the 12th to the 20th
month, the report still read « début de la 3e année », « du 14e au 22e mois » beside
dates of the 12th and the 20th, « le délai de levée est de trois mois » beside a deadline
two months on, and « (la troisième, selon l'arrêté) », « (la cinquième, selon la
circulaire) » beside « dernière année de validité ». A text's figure stays in its source
(its quote, its section); what labelcheck says itself holds whatever the profile sets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labelcheck.core.ruleset import load_rules

FIXTURES = Path(__file__).parent / "fixtures" / "periods"
PROFILE = FIXTURES / "profile.toml"

# The national figures of the periods a profile may set (Eduform's validity_years,
# *_lift_months, surveillance_*_months; LDM's validity_years), as the texts word them.
NATIONAL_FIGURES = {
    "eduform": re.compile(r"\b(3e|troisième) année|\b14e\b|\b22e\b|\b(trois|six) mois\b"),
    "ldm": re.compile(r"\b(5e|cinquième) année"),
}


def _said(text: str | None, label: str) -> list[str]:
    return [m.group(0) for m in NATIONAL_FIGURES[label].finditer(text or "")]


@pytest.mark.parametrize("label", sorted(NATIONAL_FIGURES))
def test_no_rule_states_the_texts_figure_of_a_period_the_profile_sets(registry, label):
    rules, _ = load_rules(registry)
    stated = {
        f"{rule.id} ({part})": _said(text, label)
        for rule in rules
        if rule.spec.label == label
        for part, text in [
            ("titre", rule.spec.title),
            ("message", rule.spec.message),
            ("remède", rule.spec.remedy),
        ]
        if _said(text, label)
    }
    assert stated == {}


# What a note may say of a text's figure: its words quoted, or a figure said to be the
# texts' (« (la troisième, sous la durée des textes) »).
_THE_TEXTS_OWN = re.compile(r"«[^»]*»|\([^()]*des textes\)")


@pytest.mark.parametrize("label", sorted(NATIONAL_FIGURES))
def test_no_rule_s_note_states_the_texts_figure_as_its_own(registry, label):
    """`explain` under a profile of four years read « l'alerte dès l'ouverture de la troisième
    année est une lecture de labelcheck », and « la période de 14 à 22 mois révolus » under
    one of 12 to 20 (the new user's check): a note says a figure as the texts', or none."""
    rules, _ = load_rules(registry)
    stated = {
        rule.id: _said(_THE_TEXTS_OWN.sub("", rule.spec.source.note or ""), label)
        for rule in rules
        if rule.spec.label == label
        and _said(_THE_TEXTS_OWN.sub("", rule.spec.source.note or ""), label)
    }
    assert stated == {}


def _default_figure(parameter) -> re.Pattern[str] | None:
    """« 100 caractères »: an integer parameter's national value with its unit, as a title
    would state it (None: the parameter has no national value or no unit)."""
    if parameter.type != "integer" or parameter.default is None or not parameter.unit:
        return None
    unit = parameter.unit[1] if parameter.default > 1 else parameter.unit[0]
    return re.compile(rf"\b{parameter.default}\s{re.escape(unit)}\b")


def test_no_rule_states_the_national_value_of_a_parameter_the_profile_sets(registry):
    """LDM-TITLE read « de 100 caractères au plus » under a profile setting 40 (the review of
    the profile values' change): a rule says the value from its fields, the figure stays in
    its source."""
    rules, _ = load_rules(registry)
    stated = [
        f"{rule.id} ({name})"
        for label, spec in registry.labels.items()
        for name, parameter in spec.parameter_specs.items()
        if (figure := _default_figure(parameter)) is not None
        for rule in rules
        if rule.spec.label == label
        and any(
            figure.search(t or "") for t in (rule.spec.title, rule.spec.message, rule.spec.remedy)
        )
    ]
    assert stated == []


@pytest.mark.parametrize("label", sorted(NATIONAL_FIGURES))
def test_no_step_states_the_texts_figure_of_a_period_the_profile_sets(registry, label):
    milestones = registry.labels[label].milestones
    titles = [m.title for m in milestones] + [t for m in milestones for t in m.titles.values()]
    assert [t for t in titles if _said(t, label)] == []


@pytest.mark.parametrize(
    ("dossier", "as_of", "label", "said"),
    [
        (
            "greta.toml",
            "2025-06-01",
            "eduform",
            "du 10/01/2026 au 10/09/2026 — Eduform\u202f: audit de surveillance à tenir",
        ),
        (
            "greta.toml",
            "2026-04-01",
            "eduform",
            "10/01/2028 — Eduform\u202f: début de la dernière année de validité",
        ),
        (
            "lycee.toml",
            "2026-01-10",
            "ldm",
            "au cours de la dernière année de validité du label.",
        ),
    ],
)
def test_the_report_under_the_profile_says_its_own_periods(cli, dossier, as_of, label, said):
    result = cli(
        "evaluate", FIXTURES / dossier, "--profile", PROFILE, "--as-of", as_of, "--details"
    )
    assert result.exit_code == 0, result.output
    assert said in result.stdout
    assert [line for line in result.stdout.splitlines() if _said(line, label)] == []
