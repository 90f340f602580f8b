"""Bad inputs: every mistake of a dossier is an error value naming the file, the line,
the key path, what was expected and the closest valid choice; never a traceback;
every error of a dossier comes at once, and the other dossiers of the run are
still evaluated (dossier spec; exit 2 in the CLI contract).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from labelcheck.core.errors import InputError, listing
from labelcheck.core.loading import load
from support import findings_of, ldm, report

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
GOOD = FIXTURES / "good" / "dossier.toml"


@dataclass(frozen=True)
class Bad:
    fixture: str
    path: str  # key path of the error ("" for the whole file)
    at: str  # the text of the line the error points at
    expected: str  # part of the message saying what was expected
    suggestion: str | tuple[str, ...] | None = None  # a tuple: any of these will do
    nth: int = 1  # `at` is the nth line holding that text


BAD = [
    Bad(
        "typo-key.toml",
        "applications[0].titel",
        "titel =",
        "clé inconnue «\u202ftitel\u202f»\u202f; clés possibles\u202f:",
        "title",
    ),
    # A syntax error names the key its line sets: the parser gives the line, a scan the key.
    Bad(
        "syntax-error.toml",
        "documents[0].type",
        'type = "projet-etablissement',
        "erreur de syntaxe TOML, colonne 29\u202f: texte non fermé",
    ),
    Bad(
        "bad-criterion.toml",
        "indicators[0].supports[0]",
        'supports = ["ldm:12"]',
        "le label ldm n'a pas de critère 12\u202f; s'il s'agit du descripteur 12, écrire ldm:3.12\u202f; "
        "valeurs possibles\u202f: ldm:1, ldm:2, ldm:3, ldm:4, ldm:5, ldm:6, ldm:7, ldm:8",
        None,  # no guess: « ldm:1 » for ldm:12 would send the evidence to another criterion
    ),
    # Descriptors are numbered across the référentiel: 40 is criterion 8's.
    Bad(
        "bad-descriptor.toml",
        "self_assessment[0].ref",
        'ref = "ldm:6.40"',
        "descripteur 40 absent du critère ldm:6, il est dans ldm:8\u202f: écrire ldm:8.40\u202f; "
        "descripteurs du critère ldm:6\u202f: ldm:6.32, ldm:6.33, ldm:6.34",
        "ldm:8.40",
    ),
    Bad(
        "unknown-descriptor.toml",
        "self_assessment[0].ref",
        'ref = "ldm:6.99"',
        "descripteur 99 absent du critère ldm:6\u202f; valeurs possibles\u202f: ldm:6.32, ldm:6.33, ldm:6.34",
        ("ldm:6.32", "ldm:6.33", "ldm:6.34"),
    ),
    Bad(
        "unknown-label-ref.toml",
        "indicators[0].supports[0]",
        'supports = ["foo:1"]',
        "label inconnu «\u202ffoo\u202f» dans la référence «\u202ffoo:1\u202f»\u202f; valeurs possibles\u202f:",
    ),
    Bad(
        "unknown-document-type.toml",
        "documents[0].type",
        'type = "plaquete"',
        "type de pièce inconnu «\u202fplaquete\u202f»",
        "plaquette",
    ),
    Bad(
        "dangling-evidence.toml",
        "self_assessment[0].evidence[0]",
        'evidence = ["mobilite"]',
        "identifiant «\u202fmobilite\u202f» introuvable parmi les pièces, indicateurs, actions et partenaires",
        "mobilites",
    ),
    Bad(
        "dangling-action-indicator.toml",
        "actions[0].indicators[0]",
        'indicators = ["mobilite"]',
        "identifiant «\u202fmobilite\u202f» introuvable parmi les indicateurs",
        "mobilites",
    ),
    Bad(
        "dangling-agreement.toml",
        "partners[0].agreement",
        'agreement = "conv-regoin"',
        "identifiant «\u202fconv-regoin\u202f» introuvable parmi les pièces (documents)",
        "conv-region",
    ),
    Bad(
        "path-parent.toml",
        "documents[0].file",
        'file = "../x.pdf"',
        "sort du répertoire du dossier",
    ),
    Bad("path-absolute.toml", "documents[0].file", 'file = "/etc/passwd"', "est un chemin absolu"),
    # The key to add: its entry's header is the line, since the key is not there.
    Bad(
        "lifted-without-date.toml",
        "nonconformities[0].lifted",
        "[[nonconformities]]",
        'fiche levée (`status = "lifted"`) sans date de levée\u202f: ajouter `lifted = AAAA-MM-JJ`',
    ),
    # Forbidden while the fiche is open: the error is the key's, at its own line.
    Bad(
        "lifted-while-open.toml",
        "nonconformities[0].lifted",
        "lifted = 2026-06-10",
        "date de levée (lifted) donnée pour une fiche encore ouverte\u202f: "
        'écrire `status = "lifted"`, ou retirer la date',
    ),
    # A fiche lifted before it was raised: a slip of the pen, as an expiry before the award.
    Bad(
        "lifted-before-raised.toml",
        "nonconformities[0].lifted",
        "lifted = 2026-05-02",
        "la date de levée (lifted = 2026-05-02) précède celle de la fiche (raised = 2026-05-20)"
        "\u202f: corriger l'une des deux dates",
    ),
    Bad(
        "expires-before-award.toml",
        "held[0].expires",
        "expires = 2024-06-14",
        "la date d'expiration (expires = 2024-06-14) précède celle d'attribution "
        "(awarded = 2024-06-15)",
    ),
    Bad(
        "uai-check-letter.toml",
        "establishment.uai",
        'uai = "0451442Z"',
        "la lettre est Y («\u202f0451442Y\u202f»)",
    ),
    Bad(
        "date-with-time.toml",
        "applications[0].submitted",
        "submitted = 2026-03-10T09:30:00",
        "date attendue (AAAA-MM-JJ, sans heure)\u202f; reçu 2026-03-10T09:30:00",
        "2026-03-10",
    ),
    Bad(
        "string-for-number.toml",
        "indicators[0].target",
        'target = "25"',
        "nombre attendu\u202f; reçu «\u202f25\u202f»",
    ),
    Bad(
        "duplicate-ids.toml",
        "documents[1].id",
        'id = "pe"',
        "identifiant «\u202fpe\u202f» déjà pris par documents[0]",
        nth=2,
    ),
    Bad(
        "second-application.toml",
        "applications[1].label",
        'label = "ldm"',
        "deuxième candidature au label ldm\u202f: applications[0] en est déjà une",
        nth=2,
    ),
    Bad(
        "label-key.toml",
        "applications[0].level",
        "level = 2",
        "la clé «\u202flevel\u202f» ne s'applique pas au label ldm",
    ),
    Bad(
        "malformed-ref.toml",
        "indicators[0].supports[0]",
        'supports = ["ldm:6."]',
        "«\u202fldm:6.\u202f» n'est pas une référence\u202f: écrire LABEL, LABEL:CRITÈRE ou LABEL:CRITÈRE.ÉLÉMENT",
    ),
    Bad(
        "upper-case-label.toml",
        "indicators[0].supports[0]",
        'supports = ["LDM:6"]',
        "label inconnu «\u202fLDM\u202f» dans la référence «\u202fLDM:6\u202f»",
        "ldm:6",
    ),
    # Audit findings use the grades of their label: an E3D criterion in an LDM audit would
    # block LDM with nothing of its own to lift.
    Bad(
        "finding-of-another-label.toml",
        "audits[0].findings[1].ref",
        'ref = "e3d:1"',
        "«\u202fe3d:1\u202f» relève du label e3d, et cet audit est un audit ldm\u202f: ses "
        "constats portent sur son propre label\u202f; écrire «\u202fldm:…\u202f» (un critère "
        "ou un descripteur du label ldm)",
    ),
    Bad(
        "nonconformity-audit-type.toml",
        "nonconformities[0].audit_type",
        'audit_type = "surveillance"',
        "type d'audit «\u202fsurveillance\u202f» non prévu pour le label Lycée des métiers\u202f; "
        "valeurs possibles\u202f: follow-up, initial, renewal",
    ),
    Bad(
        "upper-case-application-label.toml",
        "applications[0].label",
        'label = "LDM"',
        "label inconnu «\u202fLDM\u202f»\u202f; valeurs possibles\u202f:",
        "ldm",
    ),
    Bad(
        "upper-case-held-label.toml",
        "held[0].label",
        'label = "Ldm"',
        "label inconnu «\u202fLdm\u202f»\u202f; valeurs possibles\u202f:",
        "ldm",
    ),
    Bad(
        "upper-case-audit-label.toml",
        "audits[0].label",
        'label = "LDM"',
        "label inconnu «\u202fLDM\u202f»\u202f; valeurs possibles\u202f:",
        "ldm",
    ),
    Bad(
        "item-of-criterion-without-items.toml",
        "indicators[0].supports[0]",
        'supports = ["e3d:1.2"]',
        "«\u202fe3d:1.2\u202f»\u202f: les critères du label e3d ne sont pas subdivisés en "
        "éléments numérotés\u202f; valeurs possibles\u202f: e3d:1",
        "e3d:1",
    ),
    Bad(
        "country-name.toml",
        "partners[0].country",
        'country = "France"',
        "code pays ISO à deux lettres attendu (FR, DE, IT…)\u202f; reçu «\u202fFrance\u202f»",
        "FR",  # the country's name: its code
    ),
    Bad(
        "country-lower-case.toml",
        "partners[0].country",
        'country = "de"',
        "code pays ISO à deux lettres attendu (FR, DE, IT…)\u202f; reçu «\u202fde\u202f»",
        "DE",
    ),
    Bad(
        "country-alpha3.toml",
        "partners[0].country",
        'country = "DEU"',
        "code pays ISO à deux lettres attendu (FR, DE, IT…)\u202f; reçu «\u202fDEU\u202f»",
        "DE",
    ),
    Bad(
        "e3d-graded-nonconformity.toml",
        "nonconformities[0].grade",
        'grade = "major"',
        'le label e3d ne gradue pas ses non-conformités\u202f: retirer `grade = "major"`',
    ),
    Bad(
        "empty-supports.toml",
        "indicators[0].supports",
        "supports = []",
        "valeur non vide attendue\u202f; reçu une liste vide",
    ),
    Bad(
        "bad-year-key.toml",
        "indicators[0].values.20x5",
        '"20x5" = 21',
        "«\u202f20x5\u202f» n'est pas une année scolaire",
    ),
]


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The number of the nth line of `path` holding `text`."""
    lines = path.read_text("utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if text in line][nth - 1]


def _id(bad: Bad) -> str:
    return bad.fixture


@pytest.mark.parametrize("bad", BAD, ids=_id)
def test_an_input_error_names_file_line_key_expected_and_suggestion(bad: Bad, engine):
    built = engine()
    path = INVALID / bad.fixture
    loaded = load(path, built.registry, built.profile)
    assert loaded.dossier is None
    [error] = loaded.errors
    assert error.file == str(path)
    assert error.path == bad.path
    assert bad.expected in error.message
    if isinstance(bad.suggestion, tuple):
        assert error.suggestion in bad.suggestion
    else:
        assert error.suggestion == bad.suggestion
    assert error.line == line_of(path, bad.at, bad.nth)


def test_a_label_may_expire_the_day_it_was_awarded(tmp_path, engine):
    """Only an expiry before the award is an input error (dossier format 1.1)."""
    path = tmp_path / "dossier.toml"
    text = (INVALID / "expires-before-award.toml").read_text("utf-8")
    path.write_text(text.replace("expires = 2024-06-14", "expires = 2024-06-15"), "utf-8")
    built = engine()
    assert not load(path, built.registry, built.profile).errors


def test_a_symbolic_link_leaving_the_dossier_folder_is_refused(tmp_path, engine):
    outside = tmp_path / "secret.pdf"
    outside.write_text("not the school's")
    folder = tmp_path / "dossier"
    (folder / "pieces").mkdir(parents=True)
    shutil.copy(INVALID / "path-symlink.toml", folder / "dossier.toml")
    os.symlink(outside, folder / "pieces" / "escape.pdf")
    built = engine()
    [error] = load(folder / "dossier.toml", built.registry, built.profile).errors
    assert error.path == "documents[0].file"
    assert "mène hors du répertoire du dossier (par un lien symbolique)" in error.message


def test_a_symbolic_link_inside_the_folder_is_fine(tmp_path, engine):
    folder = tmp_path / "dossier"
    (folder / "pieces").mkdir(parents=True)
    (folder / "pieces" / "projet.pdf").write_text("%PDF")
    os.symlink(folder / "pieces" / "projet.pdf", folder / "pieces" / "escape.pdf")
    shutil.copy(INVALID / "path-symlink.toml", folder / "dossier.toml")
    built = engine()
    assert not load(folder / "dossier.toml", built.registry, built.profile).errors


def test_an_audit_finding_may_name_its_label_a_criterion_or_an_item(tmp_path, engine):
    text = (INVALID / "finding-of-another-label.toml").read_text("utf-8")
    cases = (("ldm", "strength"), ("ldm", "remark"), ("ldm:3", "nonconformity"))
    for ref, grade in (*cases, ("ldm:3.13", "nonconformity")):
        path = tmp_path / "dossier.toml"
        changed = text.replace('ref = "e3d:1"', f'ref = "{ref}"')
        path.write_text(changed.replace('grade = "nonconformity"', f'grade = "{grade}"'), "utf-8")
        built = engine()
        assert not load(path, built.registry, built.profile).errors, ref


def test_an_audit_finding_naming_another_label_alone_is_refused_too(tmp_path, engine):
    error = the_only_error(
        tmp_path, engine(), "finding-of-another-label.toml", 'ref = "e3d:1"', 'ref = "e3d"'
    )
    assert error.path == "audits[0].findings[1].ref"
    assert "«\u202fe3d\u202f» relève du label e3d, et cet audit est un audit ldm" in error.message


def test_an_audit_type_the_format_does_not_know_is_one_error_not_two(tmp_path, engine):
    """The model lists the format's types; the label's check speaks of the format's types only."""
    error = the_only_error(
        tmp_path, engine(), "nonconformity-audit-type.toml", '"surveillance"', '"renewl"'
    )
    assert error.path == "nonconformities[0].audit_type"
    # The fiche's label's types (the format audit: an LDM fiche was offered « surveillance »),
    # named as the key's other error names them, « type d'audit » (the blind format audit).
    assert "type d'audit «\u202frenewl\u202f» non prévu pour le label Lycée des métiers" in (
        error.message
    )
    assert "surveillance" not in error.message
    assert error.suggestion == "renewal"


def test_a_misspelt_required_key_is_one_error_not_two(tmp_path, engine):
    """`awardd` for `awarded`: said unknown, with « awarded » suggested; not said missing as
    well, the same slip twice at two lines."""
    error = the_only_error(
        tmp_path,
        engine(),
        "expires-before-award.toml",
        "awarded = 2024-06-15\nexpires = 2024-06-14",
        "awardd = 2024-06-15",
    )
    assert error.path == "held[0].awardd"
    assert error.message.startswith("clé inconnue «\u202fawardd\u202f»")
    assert error.suggestion == "awarded"


@pytest.mark.parametrize(
    ("written", "closest"),
    [
        ("PV du CA", "pv-ca"),
        ("Projet d'Établissement", "projet-etablissement"),
        ("tableau_bord_effectifs", "tableau-bord-effectifs"),
    ],
)
def test_a_document_type_written_as_words_suggests_the_closest_type(
    tmp_path, engine, written, closest
):
    """Case, accents, spaces and underscores aside, as a type named in a title is written."""
    error = the_only_error(
        tmp_path, engine(), "unknown-document-type.toml", '"plaquete"', f'"{written}"'
    )
    assert error.path == "documents[0].type" and error.suggestion == closest
    # Named once, by « vouliez-vous dire » (the French audit: the suggestion said twice).
    assert str(error).endswith(f"(vouliez-vous dire «\u202f{closest}\u202f»\u202f?)")
    assert "le plus proche" not in error.message


def test_a_document_type_like_none_lists_the_types(tmp_path, engine):
    error = the_only_error(tmp_path, engine(), "unknown-document-type.toml", '"plaquete"', '"xyz"')
    assert "valeurs possibles\u202f: auto-evaluation," in error.message
    assert error.suggestion is None


@pytest.mark.parametrize(
    ("code", "message", "suggestion"),
    [
        (
            "UK",
            "«\u202fUK\u202f» n'est pas un code pays ISO 3166-1 alpha-2\u202f: c'est le code "
            "qu'emploie l'Union européenne pour le Royaume-Uni\u202f; écrire GB",
            "GB",
        ),
        (
            "EL",
            "«\u202fEL\u202f» n'est pas un code pays ISO 3166-1 alpha-2\u202f: c'est le code "
            "qu'emploie l'Union européenne pour la Grèce\u202f; écrire GR",
            "GR",
        ),
        ("ZZ", "«\u202fZZ\u202f» n'est pas un code pays ISO 3166-1 alpha-2 (FR, DE, IT…)", None),
        ("EU", "«\u202fEU\u202f» n'est pas un code pays ISO 3166-1 alpha-2 (FR, DE, IT…)", None),
    ],
)
def test_a_country_is_one_of_the_iso_codes(tmp_path, engine, code, message, suggestion):
    error = the_only_error(
        tmp_path, engine(), "country-name.toml", 'country = "France"', f'country = "{code}"'
    )
    assert error.path == "partners[0].country"
    assert (error.message, error.suggestion) == (message, suggestion)


@pytest.mark.parametrize("code", ["FR", "DE", "GB", "GR", "AX"])
def test_an_iso_country_code_is_taken(tmp_path, engine, code):
    path = tmp_path / "dossier.toml"
    text = (INVALID / "country-name.toml").read_text("utf-8")
    path.write_text(text.replace('country = "France"', f'country = "{code}"'), "utf-8")
    built = engine()
    assert not load(path, built.registry, built.profile).errors


def test_a_pattern_is_said_in_words_not_as_a_regular_expression(tmp_path, engine):
    messages = partner_errors(tmp_path, engine(), 'id = "le garage"')
    assert messages["partners[0].id"].startswith("identifiant attendu (lettres sans accent")
    assert not any("^" in message for message in messages.values())


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("le garage", "le-garage"),
        ("garage-citroën", "garage-citroen"),
        ("projet établissement", "projet-etablissement"),
        ("_garage", "garage"),
    ],
)
def test_an_id_with_accents_or_spaces_is_given_the_one_meant(tmp_path, engine, written, meant):
    # The format's ids are plain (lettres sans accent…): a French author writes « é ».
    errors = partner_id_errors(tmp_path, engine(), f'id = "{written}"')
    assert errors["partners[0].id"].suggestion == meant


def test_a_grade_written_in_french_is_given_its_code_and_each_code_its_french(tmp_path, engine):
    example = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat" / "dossier.toml"
    text = example.read_text("utf-8")
    assert 'grade = "remark"' in text
    (tmp_path / "dossier.toml").write_text(
        text.replace('grade = "remark"', 'grade = "Remarque"', 1)
    )
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert error.suggestion == "remark"
    assert "remark (remarque), strength (point fort)" in error.message
    assert "non prévu pour les audits Lycée des métiers" in error.message


def test_an_empty_text_where_one_is_due_is_said_empty(tmp_path, engine):
    messages = partner_errors(tmp_path, engine(), 'id = ""')
    assert messages["partners[0].id"] == "valeur non vide attendue\u202f; reçu un texte vide"


def test_every_error_of_a_dossier_comes_at_once(engine):
    built = engine()
    loaded = load(INVALID / "three-errors.toml", built.registry, built.profile)
    assert [e.path for e in loaded.errors] == [
        "applications[0].titel",
        "indicators[0].supports[0]",
        "self_assessment[0].evidence[0]",
    ]
    assert [e.line for e in loaded.errors] == [13, 21, 26]


def test_a_json_dossier_gets_the_same_errors_with_their_lines(engine):
    built = engine()
    path = INVALID / "all-errors.json"
    errors = {e.path: e for e in load(path, built.registry, built.profile).errors}
    expected = {
        "establishment.uai": (3, "la lettre est Y («\u202f0451442Y\u202f»)"),
        "applications[0].titel": (5, "clé inconnue «\u202ftitel\u202f»"),
        "applications[0].submitted": (6, "date attendue (AAAA-MM-JJ, sans heure)"),
        "applications[0].level": (7, "la clé «\u202flevel\u202f» ne s'applique pas au label ldm"),
        "applications[1].label": (8, "deuxième candidature au label ldm"),
        "documents[0].file": (11, "sort du répertoire du dossier"),
        "documents[1].file": (12, "est un chemin absolu"),
        "documents[1].id": (12, "identifiant «\u202fpe\u202f» déjà pris"),
        "documents[1].type": (12, "type de pièce inconnu «\u202fplaquete\u202f»"),
        "indicators[0].supports[0]": (15, "le label ldm n'a pas de critère 12"),
        "indicators[0].supports[1]": (
            15,
            "descripteur 40 absent du critère ldm:6, il est dans ldm:8",
        ),
        "indicators[0].supports[2]": (15, "label inconnu «\u202ffoo\u202f»"),
        "indicators[0].target": (15, "nombre attendu"),
        "actions[0].indicators[0]": (
            17,
            "identifiant «\u202fmobilite\u202f» introuvable parmi les indicateurs",
        ),
        "self_assessment[0].evidence[0]": (
            18,
            "identifiant «\u202fmobilite\u202f» introuvable parmi les pièces, indicateurs, actions et partenaires",
        ),
        "partners[0].agreement": (
            19,
            "identifiant «\u202fconv\u202f» introuvable parmi les pièces",
        ),
        "nonconformities[0].lifted": (21, 'fiche levée (`status = "lifted"`) sans date de levée'),
    }
    assert set(errors) == set(expected)
    for key, (line, message) in expected.items():
        assert (errors[key].line, errors[key].file) == (line, str(path)), key
        assert message in errors[key].message, key
    assert errors["documents[1].type"].suggestion == "plaquette"


def test_a_json_dossier_takes_dates_as_iso_strings(evaluate):
    label = ldm(evaluate(FIXTURES / "good-json" / "dossier.json"))
    assert label.as_of.isoformat() == "2026-05-20"
    assert not findings_of(label, "LDM-PV-CA-DATE") and not findings_of(
        label, "LDM-DOC-DASHBOARD-YEARS"
    )


# -- through the command line: exit 2, the good dossier still evaluated -------------------------


def _campaign(tmp_path: Path, bad: Path) -> Path:
    """A folder of two dossiers: a good one and the bad one."""
    (tmp_path / "a-good").mkdir()
    shutil.copy(GOOD, tmp_path / "a-good" / "dossier.toml")
    (tmp_path / "b-bad").mkdir()
    shutil.copy(bad, tmp_path / "b-bad" / ("dossier" + bad.suffix))
    return tmp_path


@pytest.mark.parametrize("bad", [*(b.fixture for b in BAD), "three-errors.toml", "all-errors.json"])
def test_the_cli_exits_2_and_still_evaluates_the_good_dossier(bad, tmp_path, cli):
    folder = _campaign(tmp_path, INVALID / bad)
    result = cli("evaluate", folder, "--format", "json")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    good, wrong = report(result)["dossiers"]
    assert good["path"].endswith("a-good/dossier.toml") and good["errors"] == []
    assert [label["label"] for label in good["labels"]] == ["ldm"]
    assert wrong["labels"] == [] and wrong["errors"]
    for error in wrong["errors"]:
        assert {"path", "line", "message"} <= set(error) and error["message"]
    count = len(wrong["errors"])
    assert (
        f"{wrong['path']}\u202f: dossier invalide, {count} erreur{'s' if count > 1 else ''}"
        in result.stderr
    )
    assert report(result)["summary"]["invalid"] == 1


def test_the_text_report_shows_file_line_key_and_suggestion(cli):
    result = cli("evaluate", INVALID / "typo-key.toml")
    assert result.exit_code == 2
    assert str(INVALID / "typo-key.toml") in result.stdout
    assert (
        "ligne 13, applications[0].titel\u202f: clé inconnue «\u202ftitel\u202f»" in result.stdout
    )
    assert "(vouliez-vous dire «\u202ftitle\u202f»\u202f?)" in result.stdout


def partner_errors(tmp_path, built, partner_id: str) -> dict[str, str]:
    """The error messages, by key path, of `partner_id_errors`."""
    return {path: e.message for path, e in partner_id_errors(tmp_path, built, partner_id).items()}


def partner_id_errors(tmp_path, built, partner_id: str) -> dict[str, InputError]:
    """The errors, by key path, of the country-name fixture with its partner's id line
    written `partner_id`."""
    path = tmp_path / "dossier.toml"
    text = (INVALID / "country-name.toml").read_text("utf-8")
    path.write_text(text.replace('id = "garage"', partner_id), "utf-8")
    return {e.path: e for e in load(path, built.registry, built.profile).errors}


def test_a_message_saying_what_to_write_does_not_ask_it_again(tmp_path, engine):
    """From the French proofreader's audit: « … écrire eduform:2.4 ; valeurs possibles :
    eduform:1.1, … (vouliez-vous dire « eduform:2.4 » ?) » said the fix twice; the JSON
    report's `suggestion` still gives it."""
    error = the_only_error(
        tmp_path, engine(), "country-name.toml", 'country = "France"', 'country = "UK"'
    )
    assert error.full_message.endswith("pour le Royaume-Uni\u202f; écrire GB")
    assert error.suggestion == "GB"


def test_an_item_in_another_criterion_is_told_once_where_it_is(tmp_path, engine):
    """« eduform:1.4 » listed criterion 1's indicators as « valeurs possibles » after the fix,
    then asked « (vouliez-vous dire « eduform:2.4 » ?) »: the fix is said once, and the
    criterion's own items (the contract's valid choices) named as its."""
    error = the_only_error(
        tmp_path, engine(), "bad-descriptor.toml", 'ref = "ldm:6.40"', 'ref = "ldm:6.40"'
    )
    assert error.full_message == (
        "«\u202fldm:6.40\u202f»\u202f: descripteur 40 absent du critère ldm:6, il est dans "
        "ldm:8\u202f: écrire ldm:8.40\u202f; descripteurs du critère ldm:6\u202f: ldm:6.32, "
        "ldm:6.33, ldm:6.34"
    )
    assert error.suggestion == "ldm:8.40"


def the_only_error(tmp_path, built, fixture: str, old: str, new: str):
    """The one input error of an invalid fixture with `old` written `new`."""
    path = tmp_path / "dossier.toml"
    path.write_text((INVALID / fixture).read_text("utf-8").replace(old, new), "utf-8")
    [error] = load(path, built.registry, built.profile).errors
    return error


def lurcat_error(tmp_path, built, right: str, wrong: str):
    """The one input error of Jean Lurçat's dossier, which writes `right`, with it written
    `wrong` instead."""
    text = LURCAT.read_text("utf-8")
    assert right in text
    path = tmp_path / "dossier.toml"
    path.write_text(text.replace(right, wrong, 1), "utf-8")
    [error] = load(path, built.registry, built.profile).errors
    return error


@pytest.mark.parametrize(
    ("table", "entry", "key", "what"),
    [
        (
            "nonconformities",
            'id = "FE-1"\nref = "ldm"\naudit_type = "renewal"\nraised = 2026-05-20\nstatus = "open"',
            "ref",
            "une fiche d'écart",
        ),
        ("self_assessment", 'ref = "ldm"', "ref", "une ligne d'auto-évaluation"),
        # « criteria it monitors (at least one) »: an indicator's supports, unlike a piece's
        (
            "indicators",
            'id = "suivi"\nname = "Suivi"\nsupports = ["ldm"]',
            "supports[0]",
            "un indicateur",
        ),
        (
            "audits",
            'label = "ldm"\ntype = "renewal"\ndate = 2026-05-20\n'
            '[[audits.findings]]\nref = "ldm"\ngrade = "nonconformity"\ntext = "Constat"',
            "findings[0].ref",
            "un constat d'audit",
        ),
    ],
)
def test_an_entry_bearing_on_criteria_given_a_whole_label_is_an_input_error(
    table, entry, key, what, tmp_path, engine
):
    """Dossier format: a self-assessment line is about « a descriptor or indicator », a fiche
    d'écart about the « criterion (or item) concerned », a nonconformity found at an audit
    needs its fiche « for that label and criterion », an indicator names the « criteria it
    monitors »: a label's id alone names none of them (a finding on it would block the label
    with no fiche able to lift it)."""
    text = GOOD.read_text(encoding="utf-8")
    path = tmp_path / "dossier.toml"
    path.write_text(f"{text}\n[[{table}]]\n{entry}\n", encoding="utf-8")
    built = engine()
    result = load(path, built.registry, built.profile)
    [error] = result.errors
    assert error.path.startswith(f"{table}[") and error.path.endswith(f"].{key}")
    assert what in error.message
    assert "désigne le label entier" in error.message and "ldm:CRITÈRE" in error.message


def test_valid_refs_are_listed_in_number_order(registry):
    """« eduform:3.9 » before « eduform:3.10 », as the référentiel numbers them (as texts,
    3.10 came between 3.1 and 3.9)."""
    from labelcheck.core.errors import Suggestions
    from labelcheck.core.profiles import NATIONAL, Profile
    from labelcheck.core.validation import reference_error

    national = Profile.model_validate({"name": NATIONAL})
    message, _ = reference_error(registry, national, "eduform:3.99", Suggestions())
    listed = message.partition("valeurs possibles\u202f: ")[2].split(", ")
    numbers = [int(ref.rpartition(".")[2]) for ref in listed]
    assert len(numbers) > 2 and numbers == sorted(numbers)


def test_errors_on_one_line_come_in_the_order_of_their_positions(tmp_path, engine):
    # Sorted as texts, supports[10] and supports[11] came between supports[1] and supports[2].
    bad = ", ".join(f'"ldm:9{n}"' for n in range(12))
    path = tmp_path / "dossier.toml"
    path.write_text(GOOD.read_text(encoding="utf-8") + f"supports = [{bad}]\n", encoding="utf-8")
    built = engine()
    errors = load(path, built.registry, built.profile).errors
    assert [e.path for e in errors] == [f"documents[0].supports[{n}]" for n in range(12)]


def good_changed(tmp_path: Path, engine, *changes: tuple[str, str]):
    """The good dossier with each (old, new) text replaced, written and loaded: its path and
    what loading it gave."""
    text = GOOD.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "dossier.toml"
    path.write_text(text, encoding="utf-8")
    built = engine()
    return path, load(path, built.registry, built.profile)


@pytest.mark.parametrize(
    ("written", "suggestion"), [("2026-02-30", None), ("10/03/2026", "2026-03-10")]
)
def test_a_toml_date_written_wrong_gets_its_key_path_and_the_other_errors(
    written, suggestion, tmp_path, engine
):
    # A syntax error to TOML, it was one error with no key path, the file's others unsaid;
    # the same date in JSON had both.
    path, loaded = good_changed(
        tmp_path,
        engine,
        ("submitted = 2026-03-10", f"submitted = {written}"),
        ("denomination = ", "denominaton = "),
    )
    by_path = {e.path: e for e in loaded.errors}
    assert "applications[0].submitted" in by_path and "documents[0].denominaton" in by_path
    date = by_path["applications[0].submitted"]
    assert date.message.startswith("erreur de syntaxe TOML") and date.suggestion == suggestion
    assert date.line == line_of(path, f"submitted = {written}")


def test_every_toml_date_written_wrong_is_given_not_the_first_only(tmp_path, engine):
    _, loaded = good_changed(
        tmp_path,
        engine,
        ("submitted = 2026-03-10", "submitted = 2026-02-30"),
        ("audit = 2026-05-20", "audit = 20/05/2026"),
        ("denomination = ", "denominaton = "),
    )
    by_path = {e.path: e for e in loaded.errors}
    assert {"applications[0].submitted", "applications[0].audit"} <= set(by_path)
    assert by_path["applications[0].audit"].suggestion == "2026-05-20"
    assert "documents[0].denominaton" in by_path  # read past both dates


def test_dates_written_wrong_before_another_syntax_error_are_all_given(tmp_path, engine):
    # The file cannot be read past the stray word: the dates before it, and it, with their lines.
    path, loaded = good_changed(
        tmp_path, engine, ("submitted = 2026-03-10", "submitted = 2026-02-30\nlibre")
    )
    assert loaded.dossier is None
    assert [e.line for e in loaded.errors] == [
        line_of(path, "submitted = 2026-02-30"),
        line_of(path, "libre"),
    ]


def test_a_json_key_given_three_times_is_the_dossiers_error_not_an_internal_one(tmp_path, cli):
    # Two errors of one parse, where the TOML dates' reading expected a syntax error alone.
    (tmp_path / "dossier.json").write_text('{"format": 1, "x": 1, "x": 2, "x": 3}')
    result = cli("evaluate", tmp_path, "--format", "json")
    assert result.exit_code == 2, result.output
    [dossier] = json.loads(result.stdout)["dossiers"]
    assert "internal_error" not in dossier
    twice = [e["path"] for e in dossier["errors"] if "donnée deux fois" in e["message"]]
    assert twice == ["x", "x"]
    # and the dossier's other errors beside them: its table missing, its key unknown
    assert {e["path"] for e in dossier["errors"]} == {"x", "establishment"}


def test_a_string_value_written_like_a_date_is_still_a_syntax_error(tmp_path, engine):
    # Quoted, `title = 10/03/2026` would be a valid title: the syntax error stands alone, at
    # the key its line sets.
    text = GOOD.read_text(encoding="utf-8")
    path = tmp_path / "dossier.toml"
    path.write_text(re.sub(r'title = "[^"]*"', "title = 10/03/2026", text, count=1), "utf-8")
    built = engine()
    [error] = load(path, built.registry, built.profile).errors
    assert error.path == "applications[0].title" and "syntaxe TOML" in error.message


@pytest.mark.parametrize(
    ("syntax", "old", "new", "path"),
    [
        # TOML, the key the error's line sets. A key given twice: the second.
        ("TOML", 'kind = "lp"', 'kind = "lp"\nkind = "lpo"', "establishment.kind"),
        # A value the parser cannot read.
        ("TOML", 'id = "plaquette-maconnerie"', "id = plaquette", "documents[0].id"),
        # A header left open: the table it opens.
        ("TOML", "[[documents]]", "[[documents]", "documents[0]"),
        # The line sets no key (a stray word): no path, rather than a wrong one.
        ("TOML", 'sector = "public"', 'sector = "public"\nlibre', ""),
        # JSON, the member whose value was due where the parser stopped.
        ("JSON", '"kind": "lp"', '"kind": lp', "establishment.kind"),
        # A colon missing after a key: that key.
        ("JSON", '"sector": "public"', '"sector" "public"', "establishment.sector"),
        # Between two members, the object or array: a comma missing, a comma left before « ] ».
        ("JSON", '"uai": "0180001D",', '"uai": "0180001D"', "establishment"),
        ("JSON", '["maçonnerie"]', '["maçonnerie",]', "applications[0].denominations"),
    ],
)
def test_a_syntax_error_names_the_key_where_the_parser_stopped(
    tmp_path, engine, syntax, old, new, path
):
    """The contract's « file, line, key path » for the errors the parser finds too: the
    parser gives the line; a scan of the text up to it, the key."""
    text = GOOD.read_text(encoding="utf-8")
    if syntax == "JSON":
        text = json.dumps(tomllib.loads(text), default=str, ensure_ascii=False)
    assert old in text
    dossier = tmp_path / f"dossier.{syntax.lower()}"
    dossier.write_text(text.replace(old, new, 1), "utf-8")
    built = engine()
    [error] = load(dossier, built.registry, built.profile).errors
    assert f"syntaxe {syntax}" in error.message
    assert error.path == path, error


@pytest.mark.parametrize(
    ("ref", "listed"),
    [
        ("ldm:11", "ldm:1, ldm:2, ldm:3, ldm:4, ldm:5, ldm:6, ldm:7, ldm:8"),
        ("ldm:9", "ldm:1, ldm:2, ldm:3, ldm:4, ldm:5, ldm:6, ldm:7, ldm:8"),
        ("euroscol:5", "euroscol:1, euroscol:2, euroscol:3, euroscol:4"),
    ],
)
def test_a_criterion_number_past_the_last_gets_the_list_not_a_guess(tmp_path, engine, ref, listed):
    """« vouliez-vous dire « ldm:1 » ? » for ldm:11 (or « euroscol:4 » for euroscol:5) invited
    the school to attach its evidence to another criterion (the new-user walk)."""
    error = the_only_error(
        tmp_path, engine(), "bad-criterion.toml", 'supports = ["ldm:12"]', f'supports = ["{ref}"]'
    )
    assert error.suggestion is None
    assert error.message.endswith(f"valeurs possibles\u202f: {listed}"), error.message
    assert "vouliez-vous dire" not in error.message


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("ldm:24", "s'il s'agit du descripteur 24, écrire ldm:4.24"),
        ("eduform:12", "s'il s'agit de l'indicateur 12, écrire eduform:3.12"),
    ],
)
def test_an_item_number_written_as_a_criterion_is_named_as_a_question(tmp_path, engine, ref, said):
    """« ldm:24 » for descriptor 24 got the list of criteria alone, where « ldm:3.31 » is told
    « il est dans ldm:5 » (the errors' audit): items are numbered across the référentiel, so
    the one criterion holding it is named; as a question, with no suggestion, for « ldm:11 »
    may as well be criterion 1 mistyped."""
    error = the_only_error(
        tmp_path, engine(), "bad-criterion.toml", 'supports = ["ldm:12"]', f'supports = ["{ref}"]'
    )
    assert f"n'a pas de critère {ref.partition(':')[2]}\u202f; {said}\u202f; valeurs possibles" in (
        error.message
    ), error.message
    assert error.suggestion is None


@pytest.mark.parametrize(
    ("written", "listed", "closest"),
    [
        ('type = "initiale"', "follow-up, initial, renewal", "initial"),
        ('type = "suveillance"', "follow-up, initial, renewal", None),
    ],
)
def test_an_unknown_application_type_lists_its_label_s_types(
    tmp_path, engine, written, listed, closest
):
    """An LDM application's typo was offered « surveillance », Eduform's alone, which was then
    refused for LDM (the new-user walk)."""
    fixture = (INVALID / "label-key.toml").read_text("utf-8").replace("level = 2\n", "")
    path = tmp_path / "dossier.toml"
    path.write_text(fixture.replace('type = "initial"', written), "utf-8")
    built = engine()
    [error] = load(path, built.registry, built.profile).errors
    assert error.path == "applications[0].type"
    assert error.message.endswith(
        f"non prévu pour le label Lycée des métiers\u202f; valeurs possibles\u202f: {listed}"
    ), error.message
    assert "surveillance" not in error.message.replace("suveillance", "")
    assert error.suggestion == closest


def test_a_typo_in_an_award_s_keys_offers_only_its_label_s_keys(tmp_path, engine):
    """`expire` on an LDM award listed `categories` and `level`, which LDM refuses."""
    error = the_only_error(
        tmp_path,
        engine(),
        "label-key.toml",
        "level = 2\n",
        '\n[[held]]\nlabel = "ldm"\nawarded = 2022-06-28\nexpire = 2027-06-28\n',
    )
    assert error.path == "held[0].expire"
    assert error.message.endswith("clés possibles\u202f: awarded, expires, holder, label"), (
        error.message
    )
    assert error.suggestion == "expires"


@pytest.mark.parametrize("written", ["Lycée des métiers", "lycee-des-metiers", "LYCEE DES METIERS"])
def test_a_label_written_by_its_name_is_given_its_id(tmp_path, engine, written):
    """A school writes the label's name, not its id: « Lycée des métiers » got the list of ids
    and no suggestion (the new-user walk)."""
    error = the_only_error(
        tmp_path, engine(), "upper-case-held-label.toml", 'label = "Ldm"', f'label = "{written}"'
    )
    assert (error.path, error.suggestion) == ("held[0].label", "ldm")


def test_a_label_option_written_by_its_name_is_given_its_id():
    from click.testing import CliRunner
    from labelcheck.core.cli import main

    result = CliRunner().invoke(main, ["rules", "--label", "Lycée des métiers"])
    assert result.exit_code == 2
    assert "(vouliez-vous dire «\u202fldm\u202f»\u202f?)" in result.output


@pytest.mark.parametrize(("ref", "meant"), [("ldm:06", "ldm:6"), ("euroscol:02", "euroscol:2")])
def test_a_criterion_written_with_a_leading_zero_is_given_its_number(tmp_path, engine, ref, meant):
    error = the_only_error(
        tmp_path, engine(), "bad-criterion.toml", 'supports = ["ldm:12"]', f'supports = ["{ref}"]'
    )
    assert error.suggestion == meant


@pytest.mark.parametrize(
    ("right", "wrong", "path", "meant"),
    [
        # A school writes the French word it knows, which difflib finds nothing like the code.
        ('type = "initial"', 'type = "renouvellement"', "applications[0].type", "renewal"),
        ('type = "initial"', 'type = "Labellisation initiale"', "applications[0].type", "initial"),
        (
            'sector = "public"',
            'sector = "privé sous contrat"',
            "establishment.sector",
            "private-contract",
        ),
        ('kind = "lp"', 'kind = "lycée polyvalent"', "establishment.kind", "lpo"),
        # Two letters swapped: difflib liked `lp`, one letter short.
        ('kind = "lp"', 'kind = "lop"', "establishment.kind", "lpo"),
        ('kind = "lp"', 'kind = "gerta"', "establishment.kind", "greta"),
    ],
)
def test_a_code_written_in_french_or_with_two_letters_swapped_suggests_it(
    tmp_path, engine, right, wrong, path, meant
):
    """The robustness audit: « renouvellement » had no suggestion, « lop » was offered `lp`."""
    text = GOOD.read_text("utf-8")
    assert right in text
    (tmp_path / "dossier.toml").write_text(text.replace(right, wrong, 1), "utf-8")
    built = engine()
    loaded = load(tmp_path / "dossier.toml", built.registry, built.profile)
    [error] = loaded.errors
    assert error.path == path
    assert error.suggestion == meant


@pytest.mark.parametrize(("written", "meant"), [("levée", "lifted"), ("Ouverte", "open")])
def test_a_fiche_status_written_in_french_suggests_its_code(tmp_path, engine, written, meant):
    """A fiche d'écart is « levée » or « ouverte » in the school's words (and the report's:
    « Fiche d'écart FE-1 ouverte »): no suggestion came, as none does by spelling."""
    fiche = (
        '\n[[nonconformities]]\nid = "FE-1"\nref = "ldm:7"\naudit_type = "renewal"\n'
        f'raised = 2026-05-20\nstatus = "{written}"\n'
    )
    (tmp_path / "dossier.toml").write_text(GOOD.read_text("utf-8") + fiche, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert (error.path, error.suggestion) == ("nonconformities[0].status", meant)


@pytest.mark.parametrize("written", ["ldm:6,32", "ldm:6-32", "ldm:6/32", "ldm:6_32"])
def test_a_descriptor_written_with_a_comma_or_a_dash_suggests_its_dot(written, tmp_path, engine):
    """« ldm:6-32 » was told « vouliez-vous dire « ldm:6 » ? » (the school head's audit):
    evidence filed under the whole criterion. A comma, hyphen, slash or underscore between
    the two numbers is the descriptor's dot."""
    text = GOOD.read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(
        text + f'\n[[self_assessment]]\nref = "{written}"\nevidence = []\n', "utf-8"
    )
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert error.path == "self_assessment[0].ref" and error.suggestion == "ldm:6.32"


def test_a_pieces_id_is_unique_in_the_whole_dossier(tmp_path, engine):
    """dossier-format: `id = "pe"  # unique in the dossier`. A piece named like an indicator
    made a self-assessment line citing the id cite both, and a criterion list one id for two
    pieces of evidence (the format audit); the error is the piece's, at its line."""
    text = GOOD.read_text("utf-8") + (
        '\n[[indicators]]\nid = "mobilites"\nname = "Mobilités"\nsupports = ["ldm:6"]\n'
        '\n[[documents]]\nid = "mobilites"\ntype = "preuve"\n'
    )
    path = tmp_path / "dossier.toml"
    path.write_text(text, "utf-8")
    built = engine()
    loaded = load(path, built.registry, built.profile)
    [error] = loaded.errors
    assert error.path.endswith(".id") and error.path.startswith("documents[")
    assert "«\u202fmobilites\u202f» déjà pris par indicators[0]" in error.message
    assert "unique dans tout le dossier" in error.message
    assert error.line == len(text.splitlines()) - 1  # the piece's `id = "mobilites"`


LURCAT = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat" / "dossier.toml"


@pytest.mark.parametrize(
    ("right", "wrong", "path", "line_holding", "said"),
    [
        # Each piece under `[documents]`: tomllib's « declared twice » was told « keep one
        # header », which would have the secretary delete every piece but one.
        (
            "[[documents]]",
            "[documents]",
            "documents",
            'id = "pe"',
            "en-tête [documents] à un seul crochet\u202f: chaque entrée de la liste documents "
            "s'écrit sous un en-tête [[documents]], avec deux crochets",
        ),
        (
            "[[audits.findings]]",
            "[audits.findings]",
            "audits[0].findings",
            'ref = "ldm:6.32"',
            "en-tête [audits.findings] à un seul crochet\u202f: chaque entrée de la liste "
            "audits.findings s'écrit sous un en-tête [[audits.findings]], avec deux crochets",
        ),
        # One `[held]`: « liste attendue ; reçu une table » told no way to write a list.
        (
            "[[held]]",
            "[held]",
            "held",
            "[held]",
            "liste attendue\u202f; reçu une seule table\u202f: chaque entrée de la liste held "
            "s'écrit sous un en-tête [[held]], avec deux crochets",
        ),
    ],
)
def test_a_list_of_entries_written_with_one_bracket_says_to_write_two(
    tmp_path, engine, right, wrong, path, line_holding, said
):
    path_written = tmp_path / "dossier.toml"
    path_written.write_text(LURCAT.read_text("utf-8").replace(right, wrong), "utf-8")
    built = engine()
    [error] = load(path_written, built.registry, built.profile).errors
    assert error.path == path and error.message.endswith(said), error.message
    # At a header so written: the second one for tomllib (the entry below it), `[held]` itself.
    lines = path_written.read_text("utf-8").splitlines()
    assert lines[error.line - 1] == wrong and line_holding in lines[error.line - 1 : error.line + 1]


@pytest.mark.parametrize(
    ("entry", "header_line"),
    [
        # One `[documents]` among `[[documents]]` entries: written once, not « déclarée deux
        # fois ».
        ('id = "pe"', 35),
        # The first piece under `[documents]`, the next under `[[documents]]`: tomllib stops at
        # the second header with « a value already » (« n'en garder qu'une » would have the
        # secretary delete a piece); the header to change is the first.
        ('id = "fiche"', 28),
    ],
)
def test_one_entry_of_a_list_written_with_one_bracket_is_pointed_at(
    tmp_path, engine, entry, header_line
):
    text = LURCAT.read_text("utf-8").replace(f"[[documents]]\n{entry}", f"[documents]\n{entry}")
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert error.path == "documents" and error.line == header_line, error
    assert text.splitlines()[error.line - 1] == "[documents]"
    assert error.message.endswith(
        "en-tête [documents] à un seul crochet\u202f: chaque entrée de la liste documents "
        "s'écrit sous un en-tête [[documents]], avec deux crochets"
    ), error.message
    assert "deux fois" not in error.message and "n'en garder" not in error.message


def test_a_table_declared_twice_that_is_no_list_is_told_to_keep_one_header(tmp_path, engine):
    (tmp_path / "dossier.toml").write_text(
        GOOD.read_text("utf-8") + '\n[establishment]\nacademy = "orleans-tours"\n', "utf-8"
    )
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert error.message.endswith(
        "table [establishment] déclarée deux fois\u202f: n'en garder qu'un en-tête"
    ), error.message


def test_a_list_of_entries_given_as_an_object_in_json_is_not_told_of_brackets(tmp_path, engine):
    """JSON has no [[…]] headers: the message stays the type's."""
    import json
    import tomllib

    data = tomllib.loads(LURCAT.read_text("utf-8"))
    dossier = {"format": 1, "establishment": data["establishment"], "held": {"label": "ldm"}}
    (tmp_path / "dossier.json").write_text(json.dumps(dossier), "utf-8")
    built = engine()
    errors = load(tmp_path / "dossier.json", built.registry, built.profile).errors
    [error] = [e for e in errors if e.path == "held"]
    assert "[[" not in error.message and "liste attendue" in error.message, error.message


@pytest.mark.parametrize(
    ("right", "wrong", "path", "said"),
    [
        # « nombre attendu ; reçu « 25 » » left a school wondering: 25 is a number.
        ("target = 40", 'target = "40"', "indicators[0].target", "sans guillemets (40)"),
        (
            "years = [2021, 2022",
            'years = [2021, "2022"',
            "documents[6].years[1]",
            "sans guillemets (2022)",
        ),
        (
            "target = 40",
            'target = "40,5"',
            "indicators[0].target",
            "sans guillemets, avec un point décimal (40.5)",
        ),
        (
            "network = false",
            'network = "false"',
            "applications[0].network",
            "true et false s'écrivent sans guillemets (false)",
        ),
    ],
)
def test_a_number_or_boolean_in_quotes_is_told_to_lose_them(
    tmp_path, engine, right, wrong, path, said
):
    error = lurcat_error(tmp_path, engine(), right, wrong)
    assert error.path == path and error.message.endswith(said), error.message
    assert "un texte\u202f: " in error.message, error.message


@pytest.mark.parametrize(
    ("right", "wrong", "path", "said"),
    [
        # As a spreadsheet exports a rate: a decimal comma, a no-break space, the sign.
        (
            "2024 = 7.4,",
            '2024 = "7,4\u00a0%",',
            "indicators[2].values.2024",
            "un pourcentage s'écrit par son seul nombre, sans «\u202f%\u202f» ni guillemets (7.4)",
        ),
        (
            "target = 40",
            'target = "40%"',
            "indicators[0].target",
            "un pourcentage s'écrit par son seul nombre, sans «\u202f%\u202f» ni guillemets (40)",
        ),
    ],
)
def test_a_percentage_in_quotes_is_given_its_number(tmp_path, engine, right, wrong, path, said):
    error = lurcat_error(tmp_path, engine(), right, wrong)
    assert error.path == path and error.message.endswith(said), error.message


@pytest.mark.parametrize(
    ("right", "wrong", "path", "meant"),
    [
        ("target = 5\n", "target = 5%\n", "indicators[2].target", "`target = 5`"),
        ("target = 5\n", "target = 5 %  # 5% visé\n", "indicators[2].target", "`target = 5`"),
        (
            "values = { 2023 = 9.1, 2024 = 7.4, 2025 = 6.8 }",
            "values = { 2023 = 9.1, 2024 = 7,4\u202f%, 2025 = 6.8% }",
            "indicators[2].values",
            "`values = { 2023 = 9.1, 2024 = 7.4, 2025 = 6.8 }`",
        ),
    ],
)
def test_a_percentage_sign_after_a_number_is_said_so_with_the_line_to_write(
    tmp_path, engine, right, wrong, path, meant
):
    """TOML stops at the sign: « fin de ligne attendue » or « table { … } non fermée » said
    nothing of it (the audit of dossiers as schools make them)."""
    error = lurcat_error(tmp_path, engine(), right, wrong)
    assert error.path == path, error
    assert f"un pourcentage s'écrit par son seul nombre, sans «\u202f%\u202f»\u202f: {meant}" in (
        error.message
    ), error.message
    assert "nom de l'indicateur" in error.message, error.message


@pytest.mark.parametrize(
    ("right", "path"),
    [
        ('name = "Lycée professionnel Jean Lurçat"', "establishment.name"),
        ('name = "Taux de décrochage en première année de CAP"', "indicators[2].name"),
        ('title = "PFMP à l\'étranger (Espagne, Allemagne)"', "actions[1].title"),
    ],
)
@pytest.mark.parametrize(
    ("blank", "said"), [("  ", "un texte fait d'espaces seulement"), ("", "un texte vide")]
)
def test_a_required_text_left_blank_is_refused(tmp_path, engine, right, path, blank, said):
    """`name = "  "`, an empty spreadsheet cell as exported, gave a report headed
    « (0451442Y) — … », a school without a name (the audit of dossiers as schools make them)."""
    key = right.split(" = ")[0]
    error = lurcat_error(tmp_path, engine(), right, f'{key} = "{blank}"')
    assert error.path == path, error
    assert error.message == f"texte non vide attendu, la clé est obligatoire\u202f; reçu {said}"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('"2024-2025"', "2025"),
        ("2024-25", "2025"),
        ('"2024 / 2025"', "2025"),
        ('"2099-00"', "2100"),
    ],
)
def test_a_school_year_written_the_french_way_is_given_the_year_it_ends(
    tmp_path, engine, written, meant
):
    """« 2024-2025 » was told it « n'est pas une année scolaire », which it is, and not which
    year to write: the format names a school year by the year it ends."""
    text = LURCAT.read_text("utf-8").replace("2023 = 9.1,", f"{written} = 9.1,", 1)
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert error.path.startswith("indicators[2].values."), error
    assert "une année scolaire s'écrit par l'année où elle se termine" in error.message, error
    assert error.suggestion == meant


def test_two_years_that_are_no_school_year_are_not_given_one(tmp_path, engine):
    text = LURCAT.read_text("utf-8").replace("2023 = 9.1,", '"2023-2025" = 9.1,', 1)
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert "n'est pas une année scolaire" in error.message and error.suggestion is None, error


@pytest.mark.parametrize("wrong", ['target = "quarante"', 'target = "1e3"', 'target = "40 %%"'])
def test_a_text_that_is_no_number_is_not_told_of_quotes(tmp_path, engine, wrong):
    text = LURCAT.read_text("utf-8").replace("target = 40", wrong, 1)
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert "guillemets" not in error.message, error.message


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("LDM 001", "fiche-candidature"),  # the tool's code, as the cahier des charges names it
        ("ldm-002", "plan-actions"),
        ("Grille d'auto-évaluation (LDM 003)", "auto-evaluation"),
        ("Projet d’établissement", "projet-etablissement"),  # its title, a typographic apostrophe
    ],
)
def test_a_piece_typed_by_its_tool_code_or_title_suggests_its_type(
    tmp_path, engine, written, meant
):
    """« LDM 001 » is how the cahier des charges and the school name the application form;
    no spelling of `fiche-candidature` comes close, and no type was suggested."""
    text = LURCAT.read_text("utf-8").replace('type = "fiche-candidature"', f'type = "{written}"', 1)
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert (error.path, error.suggestion) == ("documents[0].type", meant), error


@pytest.mark.parametrize("written", ['""', '"  "'])
def test_an_empty_choice_is_said_empty(tmp_path, engine, written):
    """`kind = ""` read « valeur «  » non reconnue »: two guillemets round nothing, which a
    secretary reads as a stray mark; it is « valeur vide », with the values possible."""
    text = GOOD.read_text("utf-8").replace('kind = "lp"', f"kind = {written}", 1)
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    built = engine()
    [error] = load(tmp_path / "dossier.toml", built.registry, built.profile).errors
    assert error.path == "establishment.kind"
    assert error.message.startswith("valeur vide\u202f; valeurs possibles\u202f: lp, lpo"), error


@pytest.mark.parametrize(("written", "meant"), [("False", "false"), ("TRUE", "true")])
def test_a_toml_boolean_written_in_capitals_is_given_the_value_meant(
    written, meant, tmp_path, engine
):
    # « a close match for a misspelt value » (dossier format): Python's False, as JSON's
    # scanner already said it; TOML's « valeur illisible » listed the forms, not the word.
    path, loaded = good_changed(
        tmp_path, engine, ("submitted = 2026-03-10", f"network = {written}\nsubmitted = 2026-03-10")
    )
    [error] = loaded.errors
    assert error.path == "applications[0].network"
    assert error.line == line_of(path, f"network = {written}")
    assert error.suggestion == meant
    assert error.message.endswith(
        f"{written} s'écrit {meant} en TOML, en minuscules\u202f: `network = {meant}`"
    )


def test_a_listing_of_no_choice_says_none_rather_than_a_colon_with_nothing_after_it():
    """« le label egalite n'a pas de paramètre « x » ; paramètres possibles : » read as cut off
    (the plugin audit of 6 December): a label declaring no parameter is told so alone."""
    said = listing("le label egalite n'a pas de paramètre « x »", [], "paramètres possibles")
    assert said == "le label egalite n'a pas de paramètre « x »"
    assert listing("clé « x » inconnue", ["a", "b"]).endswith("valeurs possibles\u202f: a, b")


@pytest.mark.parametrize(
    ("ref", "suggestion"),
    [
        ("ldm:²", "ldm:2"),  # str.isdigit() is true of it, and int() refuses it
        ("ldm:①", None),
        ("ldm:٣", None),  # an Arabic-Indic three: int() reads it, the référentiel does not
        ("ldm:6²", None),
        ("ldm:6.³²", None),
        ("ldm:" + "1" * 4301, None),  # int() refuses more than 4,300 digits
    ],
)
def test_a_ref_in_digits_of_another_script_is_an_input_error_not_an_internal_one(
    ref, suggestion, tmp_path, engine
):
    """The robustness audit: `ldm:²` and a 4,301-digit criterion ended the run with
    « erreur interne : ValueError » (exit 3, no line, no key). A ref's numbers are ASCII digits."""
    text = GOOD.read_text(encoding="utf-8")
    path = tmp_path / "dossier.toml"
    path.write_text(f'{text}\n[[self_assessment]]\nref = "{ref}"\n', encoding="utf-8")
    built = engine()
    [error] = load(path, built.registry, built.profile).errors
    assert error.path.startswith("self_assessment[") and error.path.endswith("].ref")
    assert error.line == len(path.read_text("utf-8").splitlines())
    assert ref[:40] in error.message
    if suggestion:
        assert error.suggestion == suggestion


@pytest.mark.parametrize(
    ("old", "new", "path", "said"),
    [
        ('kind = "lp"', 'kind = "' + "lp" * 500_000 + '"', "establishment.kind", "valeur"),
        (
            'kind = "lp"',
            'kind = "lp"\n' + "k" * 1_000_000 + " = 1",
            "establishment." + "k" * 200 + "… (1\u202f000\u202f000 caractères)",
            "clé inconnue",
        ),
    ],
    ids=["value", "key"],
)
def test_a_long_value_or_key_is_echoed_shortened(tmp_path, cli, old, new, path, said):
    """A 1 MB value or key was repeated whole in its error (a key twice: in the key path and
    the message), in every format: a 2 MB line on stderr, a JSON report larger than the
    dossier (the robustness audit). Its start is said, « … », and its length."""
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(GOOD.read_text("utf-8").replace(old, new), "utf-8")
    result = cli("evaluate", dossier, "--format", "json")
    assert result.exit_code == 2, result.stderr
    assert max(map(len, result.stderr.splitlines())) < 1000
    assert len(result.stdout) < 10_000
    [error] = json.loads(result.stdout)["dossiers"][0]["errors"]
    assert error["path"] == path
    start = new.partition('"')[2][:200] if "valeur" in said else "k" * 200
    assert f"{said} «\u202f{start}…\u202f» (1\u202f000\u202f000 caractères)" in error["message"]


def _only_error_of_good(tmp_path, built, old: str, new: str) -> InputError:
    path = tmp_path / "dossier.toml"
    text = GOOD.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    [error] = load(path, built.registry, built.profile).errors
    return error


@pytest.mark.parametrize("typed", ["180001D", "O180001D", " 0180001D", "0180001 D"])
def test_a_uai_typed_by_hand_suggests_the_one_meant(tmp_path, engine, typed):
    """A leading zero a spreadsheet dropped, the letter O for a zero, a space: said only « 7
    chiffres et une lettre de contrôle attendus » (the robustness audit). The UAI one repair
    gives is suggested when its check letter matches."""
    error = _only_error_of_good(tmp_path, engine(), 'uai = "0180001D"', f'uai = "{typed}"')
    assert error.path == "establishment.uai"
    assert error.message.endswith("(vouliez-vous dire «\u202f0180001D\u202f»\u202f?)")


@pytest.mark.parametrize("typed", ["180001E", "O180001E", "0180001"])
def test_a_uai_no_repair_makes_valid_suggests_nothing(tmp_path, engine, typed):
    error = _only_error_of_good(tmp_path, engine(), 'uai = "0180001D"', f'uai = "{typed}"')
    assert "vouliez-vous dire" not in error.message


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("renouvelement", "renewal"),
        ("relabelisation", "renewal"),
        ("premiere labellisation", "initial"),
        ("Première labellisation", "initial"),
    ],
)
def test_an_application_type_in_misspelt_french_suggests_the_format_s(
    tmp_path, engine, typed, meant
):
    """« renouvellement » and « initiale » were offered their value, « renouvelement » (the
    usual one-l slip) and « premiere labellisation » nothing (the robustness audit)."""
    error = _only_error_of_good(tmp_path, engine(), 'type = "initial"', f'type = "{typed}"')
    assert error.path == "applications[0].type"
    assert error.suggestion == meant


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ('label = "qualeducbzh"', "ne s'applique pas au label «\u202fqualeducbzh\u202f»"),
        ("label = 3", "ne s'applique pas à cette entrée, qui ne nomme aucun label"),
    ],
    ids=["uninstalled-label", "no-label"],
)
def test_a_label_s_key_on_an_entry_of_no_installed_label_names_the_label_as_written(
    tmp_path, registry, engine, label, said
):
    """An application for a label whose plugin was uninstalled, holding a key another label
    adds, was told « ne s'applique pas au label None » (the third-party plugins audit)."""
    import dataclasses

    from labelcheck.core.catalog import DossierKey

    ldm = registry.labels["ldm"]
    referent = {"referent": DossierKey(type="text", description="Le référent")}
    declaring = dataclasses.replace(
        registry,
        labels={
            **registry.labels,
            "ldm": ldm.model_copy(update={"new_keys": {"applications": referent}}),
        },
    )
    path = tmp_path / "dossier.toml"
    path.write_text(
        'format = 1\n\n[establishment]\nuai = "0350001L"\nname = "Lycée"\nkind = "lp"\n'
        f'sector = "public"\n\n[[applications]]\n{label}\ntype = "initial"\nreferent = false\n',
        encoding="utf-8",
    )
    errors = load(path, declaring, engine().profile).errors
    [error] = [e for e in errors if e.path == "applications[0].referent"]
    assert said in error.message and "None" not in error.message, error.message
    assert error.message.endswith("(elle sert à\u202f: ldm)")


@pytest.mark.parametrize(
    ("right", "wrong", "path"),
    [
        # Counted as a third auditor, the team of three the Centre-Val de Loire profile asks for.
        ('"B. Durand", "C. Petit"]', '"B. Durand", ""]', "audits[0].auditors[2]"),
        # Asked a leaflet « pour la dénomination «  » », with `denomination = ""` as the remedy.
        ('"carrosserie"]', '"  "]', "applications[0].denominations[1]"),
        ('campus = ["cmq-automobile-cvl"]', 'campus = [""]', "establishment.campus[0]"),
        # Said « le responsable «  » n'est pas parmi les auditeurs » besides: one slip, one error.
        ('lead = "A. Martin"', 'lead = " "', "audits[0].lead"),
        (
            'referent_inspector = "D. Leroy"',
            'referent_inspector = ""',
            "audits[0].referent_inspector",
        ),
    ],
)
def test_a_blank_entry_of_a_list_of_names_is_an_input_error(tmp_path, engine, right, wrong, path):
    """An auditor (the lead, the referent inspector), a denomination, a campus is named: an empty spreadsheet cell exported as ""
    is a slip to say at its line, as a required text's is, not a name (the blind format audit)."""
    error = lurcat_error(tmp_path, engine(), right, wrong)
    assert error.path == path
    assert error.message.startswith("texte non vide attendu\u202f; reçu un texte "), error.message


@pytest.mark.parametrize(
    ("right", "wrong", "path", "meant"),
    [
        (
            'indicators = ["mobilites"]',
            'indicators = ["mobilités"]',
            "actions[1].indicators[0]",
            "mobilites",
        ),
        ('"mobilites", "A6-1"]', '"mobilites", "A6 1"]', "self_assessment[0].evidence[1]", "A6-1"),
        ('evidence = ["conv-cmq"]', 'evidence = [""]', "self_assessment[1].evidence[0]", None),
    ],
)
def test_a_ref_not_written_as_an_id_is_one_error_not_two(
    tmp_path, engine, right, wrong, path, meant
):
    """« mobilités » for the indicator `mobilites`: refused as an id with the one meant, and not
    said missing as well at the same key path, one slip twice (the blind format audit)."""
    error = lurcat_error(tmp_path, engine(), right, wrong)
    assert error.path == path
    assert error.suggestion == meant
