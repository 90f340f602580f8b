"""The traceability table: every requirement of the texts enforced or explained, every rule
tracing to a requirement, and no file name of ours in what users read."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from labelcheck.core.cli import main
from labelcheck.core.registry import Registry
from labelcheck.core.ruleset import load_rules
from labelcheck.core.sources import tables
from labelcheck.core.traceability import RequirementsError, load_requirements, rule_gaps

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"
ROOT = Path(__file__).parents[2]
LABELS = ("ldm", "euroscol", "e3d", "eduform")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_plugins()


def test_every_rule_enforces_a_requirement_and_every_cited_rule_exists(registry):
    rules, errors = load_rules(registry)
    assert not errors
    assert rule_gaps(tables(registry), {r.id: r.spec.label for r in rules}) == []


def test_every_built_in_rule_cites_a_document_a_section_and_its_words(registry):
    """cli-and-report 1.1: every finding carries `source` (document, section, quote); a
    finding's source is its rule's, so each rule of the four labels quotes its text."""
    rules, _ = load_rules(registry)
    unquoted = [
        r.id
        for r in rules
        if not (r.spec.source.document and r.spec.source.section and r.spec.source.quote)
    ]
    assert unquoted == []


def test_a_rule_no_requirement_cites_is_reported(registry):
    rules, _ = load_rules(registry)
    known = {r.id: r.spec.label for r in rules} | {"LDM-NEW-RULE": "ldm"}
    assert rule_gaps(tables(registry), known) == [
        "la règle LDM-NEW-RULE n'applique aucune exigence de la table de traçabilité du label ldm"
    ]


def test_a_requirement_naming_no_installed_rule_is_reported_at_its_line(registry):
    rules, _ = load_rules(registry)
    known = {r.id: r.spec.label for r in rules if r.id != "LDM-ELIGIBILITY"}
    [table] = [t for t in tables(registry, "ldm") if t.label == "ldm"]
    [gap] = rule_gaps([table], known)
    index = next(i for i, r in enumerate(table.requirements) if "LDM-ELIGIBILITY" in r.rules)
    line = next(
        n
        for n, text in enumerate(Path(table.file).read_text(encoding="utf-8").splitlines(), 1)
        if "LDM-ELIGIBILITY" in text
    )
    assert gap.startswith(f"{table.file}:{line}: requirements[{index}].rules[0]: ")
    assert (
        "nomme la règle «\u202fLDM-ELIGIBILITY\u202f», qu'aucun plugin installé ne fournit" in gap
    )


@pytest.mark.parametrize("label", LABELS)
def test_each_label_has_a_table_with_each_requirement_treated(registry, label):
    [table] = [t for t in tables(registry, label) if t.label == label]
    assert len(table.requirements) >= 10
    for requirement in table.requirements:
        assert table.document(requirement.document) is not None
        assert requirement.rules or requirement.reason, requirement.id


def test_an_enforced_requirement_without_rules_is_an_error_with_its_line():
    with pytest.raises(RequirementsError) as raised:
        load_requirements(FIXTURES / "enforced-without-rule.toml")
    [error] = raised.value.errors
    assert error.line == 7  # the entry's [[requirements]] header
    assert (
        "une exigence appliquée nomme les règles qui l'appliquent (`rules = […]`)" in error.message
    )


def test_a_requirement_citing_an_undeclared_document_gets_a_suggestion():
    with pytest.raises(RequirementsError) as raised:
        load_requirements(FIXTURES / "unknown-document.toml")
    [error] = raised.value.errors
    assert (error.path, error.suggestion) == ("requirements[0].document", "circulaire-2023")


def test_sources_command_gives_every_label_with_its_counts_in_json():
    result = CliRunner().invoke(main, ["sources", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    by_label = {entry["label"]: entry for entry in report["labels"]}
    assert set(LABELS) <= set(by_label)
    for label in LABELS:
        counts = by_label[label]["counts"]
        assert sum(counts.values()) == len(by_label[label]["requirements"])
        assert counts["enforced"] > 0


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_sources_command_for_one_label_in_french(fmt):
    result = CliRunner().invoke(main, ["sources", "--label", "ldm", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Circulaire du 23 octobre 2023" in result.output
    assert "vérifiée" in result.output and "Label Euroscol" not in result.output
    assert "Label Lycée des métiers" in result.output


@pytest.mark.parametrize(
    ("fmt", "heading"), [("text", "Label Euroscol — "), ("markdown", "## Label E3D\n")]
)
def test_sources_command_heads_each_table_with_the_label_s_name(fmt, heading):
    """« Label Euroscol », as its texts call it, not « Label euroscol », its id."""
    result = CliRunner().invoke(main, ["sources", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert heading in result.output
    assert "Label euroscol" not in result.output and "Label e3d" not in result.output


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_sources_says_an_academys_requirement_as_its_rules_treat_it(fmt):
    """« choix académique » only where the rules are the academy's own (they apply under its
    profile alone): an academy's text that a rule of nature `text` applies under every
    profile is said so, never called a choice while its finding reads « exigence des textes »
    (the fidelity audit of 6 December: the Centre-Val de Loire's list of pieces)."""
    result = CliRunner().invoke(main, ["sources", "--label", "ldm", "--format", fmt])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    pieces = next(line for line in lines if "cdc-p1-3-fiche-ldm001" in line)
    assert "texte académique, appliqué sous tous les profils" in pieces
    assert "choix académique" not in pieces
    # The 30 September deadline: a rule of nature `academy`, Centre-Val de Loire's choice.
    deadline = next(line for line in lines if "cdc-ldm013-levee-30-septembre" in line)
    assert "(choix académique)" in deadline


def test_sources_command_refuses_an_unknown_label():
    result = CliRunner().invoke(main, ["sources", "--label", "ldn"])
    assert result.exit_code == 2
    assert "ldm" in result.output


def test_no_file_name_of_ours_in_the_installed_package(tmp_path):
    """Users know the texts by their titles: 'seed' must never reach them (domain.md)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("labelcheck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        offending = [
            name
            for name in archive.namelist()
            if not name.endswith("/") and b"seed" in archive.read(name).lower()
        ]
    assert offending == []


def test_a_table_of_one_requirement_says_so_in_the_singular(tmp_path):
    """A plugin author's first table (the guide's `requirements.toml`) has one requirement:
    « 1 exigence », as the counts beside it say « 1 vérifiée »."""
    from labelcheck.core.sources import as_text

    table = tmp_path / "requirements.toml"
    table.write_text(
        'label = "ldm"\n\n[[documents]]\nid = "charte"\ntitle = "Une charte"\n\n'
        '[[requirements]]\nid = "une"\ndocument = "charte"\nsection = "§ 1"\n'
        'quote = "Une exigence."\nstatus = "auditor"\nreason = "Les auditeurs en jugent."\n',
        encoding="utf-8",
    )
    first = as_text([load_requirements(table)], {"ldm": "Lycée des métiers"}, {}).splitlines()[0]
    assert "— 1 exigence\u202f:" in first, first


def test_a_rule_no_text_requires_never_calls_what_it_asks_for_compulsory(registry):
    """« Pièce obligatoire absente » beside « avertissement · lecture opérationnelle » told the
    school head two things at once (the French review): « obligatoire » is the texts' word,
    for rules of nature `text` alone; labelcheck's reading or an academy's asks for a piece."""
    rules, _ = load_rules(registry)
    claimed = [
        r.id
        for r in rules
        if r.spec.source.nature != "text" and "obligatoire" in r.spec.message.casefold()
    ]
    assert claimed == []


@pytest.mark.parametrize(
    ("label", "appraised", "not_said"),
    [
        ("euroscol", "de la commission", "des auditeurs"),
        ("e3d", "de la commission", "des auditeurs"),
        ("ldm", "des auditeurs", "de la commission"),
        ("eduform", "des auditeurs", "de la commission"),
    ],
)
def test_what_labelcheck_cannot_judge_is_left_to_whoever_examines_the_dossier(
    label, appraised, not_said
):
    """Euroscol and E3D have a commission, not auditors: each table says whose appraisal it
    is, the core naming no label."""
    result = CliRunner().invoke(main, ["sources", "--label", label])
    assert result.exit_code == 0, result.output
    [table] = [line for line in result.output.splitlines() if line.startswith("Label ")]
    assert f"laissées à l'appréciation {appraised}" in table, table
    assert f"[laissée à l'appréciation {appraised}]" in result.output
    assert f"[laissée à l'appréciation {not_said}]" not in result.output
    assert not_said not in table
    assert "laissée aux auditeurs" not in result.output


def test_the_attribution_of_euroscol_is_said_to_be_beyond_what_labelcheck_foresees():
    result = CliRunner().invoke(main, ["sources", "--label", "euroscol"])
    assert (
        "L'attribution est une décision du recteur, sur proposition de la commission qui examine "
        "le dossier\u202f: labelcheck ne peut pas la prévoir." in result.output
    )


def test_the_built_in_rules_texts_have_no_doubled_or_edge_spaces(registry):
    """What a school reads of a rule (its title, message, remedy, source) is spaced once: a
    doubled space before a colon reached every report as « état)  : » (the French review)."""
    rules, _ = load_rules(registry)
    badly_spaced = [
        (r.id, name, text)
        for r in rules
        for name, text in (
            ("title", r.spec.title),
            ("message", r.spec.message),
            ("remedy", r.spec.remedy or ""),
            ("section", r.spec.source.section),
            ("quote", r.spec.source.quote or ""),
            ("note", r.spec.source.note or ""),
        )
        if "  " in text or text != text.strip()
    ]
    assert badly_spaced == []
