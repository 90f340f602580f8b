"""`labelcheck schema` and `labelcheck init`: what editors and newcomers start from.

The schema is a valid JSON Schema that the examples satisfy and mistakes break,
and that accepts the criteria an academy's profile adds where labelcheck does;
`init` writes a commented dossier that validates, points editors at the schema,
and evaluates to a to-do list of what is missing, for any installed label.
"""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import json
import os
import re
import shlex
import stat
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from labelcheck.core import output, starter
from labelcheck.core.catalog import LabelSpec
from labelcheck.core.cli import main
from labelcheck.core.registry import Registry
from support import report

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/dossier.toml"))
INVALID = ROOT / "tests" / "core" / "fixtures" / "invalid"
# An academy's profile adding a ninth LDM criterion (ldm:9, items 47 and 48), and a dossier
# citing them: valid under that profile only.
NINTH = ROOT / "tests" / "core" / "fixtures" / "profiles" / "ninth-criterion.toml"
NINTH_DOSSIER = ROOT / "tests" / "core" / "fixtures" / "dossiers" / "ninth-criterion.toml"
ADDED_BY_NINTH = "(ajouté par le profil «\u202facademie-egalite\u202f»)"
SCHEMA_LINE = "#:schema ./dossier.schema.json"
# What only the starter itself could get wrong, never a piece the school has still to add.
# (Its title is left empty, to write: a « … » placeholder forgotten passed every check.)
STARTER_MISTAKES = {"eligibility"}


def as_json(value):
    """A parsed TOML document as JSON sees it: dates and times as ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    return value


def toml_as_json(path: Path) -> dict:
    return as_json(tomllib.loads(path.read_text("utf-8")))


def printed_schema(*options: str) -> dict:
    """What `labelcheck schema [options]` prints."""
    result = CliRunner().invoke(main, ["schema", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def validator_of(schema: dict) -> jsonschema.Draft202012Validator:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER  # "format": "date" is checked too
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


@pytest.fixture(scope="module")
def schema() -> dict:
    return printed_schema()


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    return validator_of(schema)


@pytest.fixture(scope="module")
def ninth_validator() -> jsonschema.Draft202012Validator:
    """The schema of `labelcheck schema --profile` naming the academy's ninth-criterion file."""
    return validator_of(printed_schema("--profile", str(NINTH)))


def ref_choices(schema: dict) -> dict[str, str]:
    return {choice["const"]: choice["description"] for choice in schema["$defs"]["Ref"]["oneOf"]}


def errors_of(validator, data: dict) -> list[str]:
    return sorted(f"{error.json_path}: {error.message}" for error in validator.iter_errors(data))


# -- labelcheck schema ---------------------------------------------------------------------


def test_the_schema_is_a_valid_json_schema_2020_12(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False and "establishment" in schema["required"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_dossier_satisfies_the_schema(path, validator):
    assert errors_of(validator, toml_as_json(path)) == []


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d.update(formt=1), "$"),
        (lambda d: d["establishment"].update(adresse="1 rue de la Gare"), "$.establishment"),
        (lambda d: d["applications"][0].update(titel="Lycée des métiers"), "$.applications[0]"),
        (lambda d: d["establishment"].update(kind="lycee"), "$.establishment.kind"),
        (lambda d: d["applications"][0].update(type="initiale"), "$.applications[0].type"),
        (lambda d: d["documents"][0].update(date="20/05/2026"), "$.documents[0].date"),
        (lambda d: d.update(format=2), "$.format"),
        (lambda d: d["applications"][0].update(label="lmd"), "$.applications[0].label"),
        (lambda d: d["documents"][0].update(type="pv-cca"), "$.documents[0].type"),
        (lambda d: d["documents"][0].update(supports=["ldm:6.99"]), "$.documents[0].supports[0]"),
    ],
    ids=[
        "unknown-key",
        "unknown-establishment-key",
        "misspelt-application-key",
        "wrong-kind",
        "wrong-application-type",
        "date-not-iso",
        "wrong-format-version",
        "unknown-label",
        "unknown-document-type",
        "unknown-reference",
    ],
)
def test_a_mistake_breaks_the_schema_where_it_is(change, where, validator):
    data = toml_as_json(EXAMPLES[0])
    change(data)
    errors = errors_of(validator, data)
    assert errors and all(error.startswith(where + ":") for error in errors), errors


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("profile", ["centre-val-de-loire-2026", "national", str(NINTH)])
def test_every_example_dossier_satisfies_the_schema_under_a_profile(path, profile):
    schema = printed_schema("--profile", profile)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert errors_of(validator_of(schema), toml_as_json(path)) == []


def test_a_criterion_a_profile_adds_is_valid_under_that_profile_only(
    validator, ninth_validator, cli
):
    # The schema says what labelcheck says: ldm:9 is an input error without the profile.
    data = toml_as_json(NINTH_DOSSIER)
    assert errors_of(validator, data) == [
        "$.indicators[0].supports[0]: 'ldm:9' is not valid under any of the given schemas",
        "$.self_assessment[0].ref: 'ldm:9.47' is not valid under any of the given schemas",
    ]
    assert cli("evaluate", NINTH_DOSSIER, "--as-of", "2026-05-20").exit_code == 2
    assert errors_of(ninth_validator, data) == []
    evaluated = cli("evaluate", NINTH_DOSSIER, "--as-of", "2026-05-20", "--profile", NINTH)
    assert evaluated.exit_code in (0, 1), evaluated.output


def test_the_references_a_profile_adds_say_which_profile(schema):
    with_ninth = ref_choices(printed_schema("--profile", str(NINTH)))
    assert with_ninth["ldm:9"] == (
        "Une politique active en faveur de l'égalité entre les filles et les garçons "
        + ADDED_BY_NINTH
    )
    assert with_ninth["ldm:9.48"].endswith("stéréotypes de genre " + ADDED_BY_NINTH)
    assert set(with_ninth) - set(ref_choices(schema)) == {"ldm:9", "ldm:9.47", "ldm:9.48"}
    assert "ajouté par le profil" not in json.dumps(schema, ensure_ascii=False)


def test_an_unknown_profile_is_a_usage_error_with_a_suggestion(cli):
    result = cli("schema", "--profile", "centre-val-de-loire-2062")
    assert result.exit_code == 2 and result.stdout == ""
    assert "profil inconnu" in result.stderr
    assert "(vouliez-vous dire «\u202fcentre-val-de-loire-2026\u202f»\u202f?)" in result.stderr


def test_a_profile_with_a_mistake_is_an_input_error_with_its_line(cli, tmp_path):
    profile = tmp_path / "profil.toml"
    profile.write_text(
        'name = "x"\n[[criteria]]\nlabel = "ldn"\nnumber = 9\ntitle = "t"\n', "utf-8"
    )
    result = cli("schema", "--profile", profile)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{profile}:3: criteria[0].label: label «\u202fldn\u202f» inconnu" in result.stderr


@pytest.fixture
def plugin_ships(monkeypatch):
    """`plugin_ships(path)`: the installed plugins ship this profile file too."""
    shipped = Registry.profile_files

    def ship(path: Path) -> None:
        monkeypatch.setattr(Registry, "profile_files", lambda self: [*shipped(self), path])

    return ship


def test_the_criteria_a_built_in_profile_adds_are_always_in_the_schema(plugin_ships, cli, tmp_path):
    # A built-in profile serves its academies' dossiers without --profile: theirs are valid.
    plugin_ships(NINTH)
    schema = printed_schema()
    assert ref_choices(schema)["ldm:9.47"].endswith(ADDED_BY_NINTH)
    assert errors_of(validator_of(schema), toml_as_json(NINTH_DOSSIER)) == []
    assert (
        cli("init", tmp_path).exit_code == 0
    )  # and in the schema `init` writes beside the dossier
    assert json.loads((tmp_path / "dossier.schema.json").read_text("utf-8")) == schema


def test_a_built_in_profile_that_does_not_read_is_left_out_of_the_schema(
    plugin_ships, schema, tmp_path
):
    # `evaluate` disables its plugin and says why; the schema still serves the others.
    broken = tmp_path / "profile.toml"
    broken.write_text('name = "x"\n[[criteria]]\nlabel = "ldm"\nnumber = "neuf"\n', "utf-8")
    plugin_ships(broken)
    assert printed_schema() == schema


@pytest.mark.parametrize("name", ["typo-key.toml", "string-for-number.toml"])
def test_the_schema_rejects_what_labelcheck_rejects_field_by_field(name, validator, cli):
    assert cli("evaluate", INVALID / name).exit_code == 2
    assert errors_of(validator, toml_as_json(INVALID / name))


ESTABLISHMENT = {"uai": "0750653C", "name": "L", "kind": "lp", "sector": "public"}
BASE = {"format": 1, "establishment": ESTABLISHMENT}
NC = {"id": "N1", "ref": "ldm:7", "audit_type": "initial", "raised": "2026-01-10"}
OPEN_NC = {**NC, "status": "open"}
IND = {"id": "i", "name": "I", "supports": ["ldm:1"]}


def audit(label: str, grade: str) -> dict:
    finding = {"ref": f"{label}:1", "grade": grade}
    return {"label": label, "type": "initial", "date": "2026-01-10", "findings": [finding]}


# What labelcheck refuses field by field, beyond its model's own schema, and the schema says
# too: a dossier an academic system checks against it is not then refused for these. Checked
# without `format` assertion, which most validators leave off.
REFUSED_BY_BOTH = {
    "another-label-s-key": {"applications": [{"label": "ldm", "type": "initial", "level": 2}]},
    "type-of-another-label": {"applications": [{"label": "euroscol", "type": "follow-up"}]},
    "held-key-of-another-label": {
        "held": [{"label": "ldm", "awarded": "2024-01-01", "categories": ["vae"]}]
    },
    "grade-of-another-label": {"audits": [audit("ldm", "major")]},
    "grade-where-the-texts-have-none": {"audits": [audit("e3d", "remark")]},
    "nonconformity-grade-misspelt": {"nonconformities": [{**OPEN_NC, "grade": "Nonconformity"}]},
    "eduform-nonconformity-without-grade": {
        "nonconformities": [{**OPEN_NC, "ref": "eduform:3.11"}]
    },
    "lifted-without-date": {"nonconformities": [{**NC, "status": "lifted"}]},
    "open-with-a-lifted-date": {"nonconformities": [{**OPEN_NC, "lifted": "2026-02-01"}]},
    "nonconformity-on-a-whole-label": {"nonconformities": [{**OPEN_NC, "ref": "ldm"}]},
    "self-assessment-of-a-whole-label": {"self_assessment": [{"ref": "ldm"}]},
    "indicator-on-a-whole-label": {"indicators": [{"id": "i", "name": "n", "supports": ["ldm"]}]},
    "unknown-academy": {"establishment": {**ESTABLISHMENT, "academy": "orleans-tour"}},
    "not-an-iso-country": {
        "partners": [{"id": "p", "name": "P", "kind": "school", "country": "UK"}]
    },
    "a-year-of-two-digits": {"indicators": [{**IND, "values": {"24": 1}}]},
    "a-date-out-of-range": {"held": [{"label": "ldm", "awarded": "2200-01-01"}]},
    "month-13": {"held": [{"label": "ldm", "awarded": "2026-13-01"}]},
    "a-datetime": {"held": [{"label": "ldm", "awarded": "2026-05-20T10:00:00Z"}]},
    "a-number-too-large": {"indicators": [{**IND, "target": 1e16}]},
    "an-empty-file-name": {"documents": [{"id": "d", "type": "preuve", "file": ""}]},
    "an-absolute-file": {"documents": [{"id": "d", "type": "preuve", "file": "/etc/passwd"}]},
    "a-file-out-of-the-folder": {
        "documents": [{"id": "d", "type": "preuve", "file": "pieces/../../secret.pdf"}]
    },
    "a-file-out-of-the-folder-further-down": {
        "documents": [{"id": "d", "type": "preuve", "file": "a/b/../.././../secret.pdf"}]
    },
    "a-windows-drive": {"documents": [{"id": "d", "type": "preuve", "file": "C:/pieces/a.pdf"}]},
    "a-nul-in-a-file-name": {"documents": [{"id": "d", "type": "preuve", "file": "a\u0000.pdf"}]},
    "an-unknown-equivalence": {
        "decisions": [
            {
                "kind": "equivalence",
                "equivalence": "euroscol-ldm-7",
                "by": "g",
                "date": "2026-01-01",
            }
        ]
    },
    "two-applications-for-one-label": {
        "applications": [{"label": "e3d", "type": "initial"}, {"label": "e3d", "type": "renewal"}]
    },
    # The schema audit: accepted by the schema (without `format`), refused by labelcheck.
    "a-day-that-does-not-exist": {"held": [{"label": "ldm", "awarded": "2026-02-30"}]},
    "29-february-of-a-common-year": {"held": [{"label": "ldm", "awarded": "2100-02-29"}]},
    "a-finding-on-another-label": {
        "audits": [{**audit("ldm", "remark"), "findings": [{"ref": "e3d:1", "grade": "remark"}]}]
    },
    "a-nonconformity-finding-on-a-whole-label": {
        "audits": [
            {
                **audit("ldm", "nonconformity"),
                "findings": [{"ref": "ldm", "grade": "nonconformity"}],
            }
        ]
    },
    "a-major-finding-on-a-whole-label": {
        "audits": [
            {**audit("eduform", "major"), "findings": [{"ref": "eduform", "grade": "major"}]}
        ]
    },
    # The format audit: accepted by the schema, refused by labelcheck.
    "an-evidence-link-decided": {
        "decisions": [
            {"kind": "equivalence", "equivalence": "eduform-ldm-2", "by": "g", "date": "2026-01-01"}
        ]
    },
    "an-audit-of-another-label-s-type": {
        "audits": [{"label": "ldm", "type": "surveillance", "date": "2026-01-10"}]
    },
    "a-fiche-of-another-label-s-audit-type": {
        "nonconformities": [{**OPEN_NC, "audit_type": "surveillance"}]
    },
}


def judged(cli, folder: Path, change: dict, schema: dict) -> tuple[int, bool]:
    """A dossier.json of BASE with `change`: labelcheck's exit status, and whether the schema
    accepts it (without `format` assertion)."""
    data = {**BASE, **change}
    folder.mkdir()
    (folder / "dossier.json").write_text(json.dumps(data), encoding="utf-8")
    accepted = not list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    return cli("evaluate", folder).exit_code, accepted


@pytest.mark.parametrize("change", REFUSED_BY_BOTH.values(), ids=REFUSED_BY_BOTH.keys())
def test_the_schema_refuses_what_labelcheck_refuses(change, schema, cli, tmp_path):
    status, accepted = judged(cli, tmp_path / "ecole", change, schema)
    assert status == 2 and not accepted


# The same entries made right: both accept them (the schema is no stricter than labelcheck).
ALLOWED_BY_BOTH = {
    # null is absent for a list or a table that may be left out, as for a date.
    "null-for-lists-and-tables": {
        "held": None,
        "establishment": {**ESTABLISHMENT, "campus": None},
        "indicators": [{**IND, "values": None}],
    },
    "a-label-s-own-key": {"applications": [{"label": "e3d", "type": "initial", "level": 2}]},
    "a-type-of-its-label": {"applications": [{"label": "ldm", "type": "follow-up"}]},
    "held-key-of-its-label": {
        "held": [{"label": "eduform", "awarded": "2024-01-01", "categories": ["vae"]}]
    },
    "grade-of-its-label": {"audits": [audit("eduform", "major")]},
    "ldm-nonconformity-graded-by-default": {"nonconformities": [OPEN_NC]},
    "eduform-nonconformity-with-grade": {
        "nonconformities": [{**OPEN_NC, "ref": "eduform:3.11", "grade": "minor"}]
    },
    "lifted-with-its-date": {
        "nonconformities": [{**NC, "status": "lifted", "lifted": "2026-02-01"}]
    },
    "self-assessment-of-an-item": {"self_assessment": [{"ref": "ldm:6.32"}]},
    "a-file-name-with-two-dots": {
        "documents": [{"id": "d", "type": "preuve", "file": "pieces/bilan..v2.pdf"}]
    },
    # « no `..` escape » (dossier format): a `..` that stays inside the folder is no escape.
    "a-dot-dot-staying-inside": {
        "documents": [{"id": "d", "type": "preuve", "file": "pieces/../pieces/a.pdf"}]
    },
    "dot-dots-back-to-the-folder": {
        "documents": [{"id": "d", "type": "preuve", "file": "pieces/2026/../../a.pdf"}]
    },
    "a-known-academy": {"establishment": {**ESTABLISHMENT, "academy": "orleans-tours"}},
    "an-iso-country": {"partners": [{"id": "p", "name": "P", "kind": "school", "country": "DE"}]},
    "a-year": {"indicators": [{**IND, "values": {"2024": 1.5}, "target": -3}]},
    "an-equivalence": {
        "decisions": [
            {
                "kind": "equivalence",
                "equivalence": "euroscol-ldm-6",
                "by": "g",
                "date": "2026-01-01",
            }
        ]
    },
    "one-application-each": {
        "applications": [{"label": "e3d", "type": "initial"}, {"label": "ldm", "type": "initial"}]
    },
    "an-audit-of-its-label-s-type": {
        "audits": [{"label": "eduform", "type": "surveillance", "date": "2026-01-10"}]
    },
    "a-fiche-of-its-label-s-audit-type": {
        "nonconformities": [{**OPEN_NC, "audit_type": "follow-up"}]
    },
    "29-february-of-a-leap-year": {"held": [{"label": "ldm", "awarded": "2000-02-29"}]},
    "a-remark-on-the-whole-label": {
        "audits": [{**audit("ldm", "remark"), "findings": [{"ref": "ldm", "grade": "remark"}]}]
    },
    # JSON may write an absent value as null: labelcheck takes it so, the schema too.
    "a-null-grade-where-the-texts-have-none": {
        "nonconformities": [{**OPEN_NC, "ref": "euroscol:1", "grade": None}]
    },
}


def test_an_audit_grade_a_profile_adds_is_in_that_profile_s_schema(cli, tmp_path):
    """`schema --profile` kept `grade: false` for E3D, whose audits the profile grades: the
    schema refused a dossier labelcheck accepts under it (the format audit)."""
    profile = tmp_path / "profil.toml"
    profile.write_text(
        'name = "e3d-notes"\nextends = "national"\n[labels.e3d]\naudit_grades = ["favorable"]\n',
        encoding="utf-8",
    )
    data = {**BASE, "audits": [audit("e3d", "favorable")]}
    folder = tmp_path / "ecole"
    folder.mkdir()
    (folder / "dossier.json").write_text(json.dumps(data), encoding="utf-8")
    assert cli("evaluate", folder, "--profile", profile).exit_code != 2
    graded = json.loads(cli("schema", "--profile", profile).stdout)
    assert not list(jsonschema.Draft202012Validator(graded).iter_errors(data))
    plain = json.loads(cli("schema").stdout)
    assert list(jsonschema.Draft202012Validator(plain).iter_errors(data))


@pytest.mark.parametrize("change", ALLOWED_BY_BOTH.values(), ids=ALLOWED_BY_BOTH.keys())
def test_the_schema_allows_what_labelcheck_allows(change, schema, cli, tmp_path):
    status, accepted = judged(cli, tmp_path / "ecole", change, schema)
    assert status != 2 and accepted


def test_a_json_dossier_may_name_its_schema_as_editors_read_it(schema, cli, tmp_path):
    """VS Code associates a JSON file with its schema by `$schema`: a dossier.json naming it
    is valid for both; a typo of the key is still an error, with the key suggested."""
    data = {"$schema": "./dossier.schema.json", **toml_as_json(EXAMPLES[0])}
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    folder = tmp_path / "ecole"
    folder.mkdir()
    (folder / "dossier.json").write_text(json.dumps(data), encoding="utf-8")
    assert cli("evaluate", folder, "--fail-on", "never").exit_code == 0
    misspelt = {"$shema": "./dossier.schema.json", **toml_as_json(EXAMPLES[0])}
    (folder / "dossier.json").write_text(json.dumps(misspelt), encoding="utf-8")
    result = cli("evaluate", folder)
    assert (
        result.exit_code == 2
        and "(vouliez-vous dire «\u202f$schema\u202f»\u202f?)" in result.stderr
    )


# -- labelcheck init -----------------------------------------------------------------------


def starter_labels(registry) -> list[str]:
    return sorted(label.id for label in registry.labels.values() if label.offered_by_init)


def init_and_evaluate(cli, folder: Path, *labels: str) -> dict:
    created = cli("init", folder, *[arg for label in labels for arg in ("--label", label)])
    assert created.exit_code == 0, created.output
    assert str(folder / "dossier.toml") in created.stdout
    evaluated = cli("evaluate", folder, "--format", "json")
    assert evaluated.exit_code == 1, evaluated.output  # something to do, nothing unreadable
    [dossier] = report(evaluated)["dossiers"]
    assert dossier["errors"] == [] and "internal_error" not in dossier
    return dossier


def assert_a_clear_todo(label_result: dict, spec: LabelSpec, registry) -> None:
    """Not ready, every blocking finding something the school has to add, the missing pieces named."""
    findings = label_result["findings"]
    assert label_result["verdict"] == "not-ready" and label_result["application"] == "initial"
    assert not STARTER_MISTAKES & {f["kind"] for f in findings}, [f["message"] for f in findings]
    # A key the starter leaves to write is asked for as such, never judged on a placeholder.
    assert not [f for f in findings if "«\u202f…\u202f»" in f["message"] or "« … »" in f["message"]]
    for title in (f for f in findings if f["kind"] == "title"):
        assert "absent" in title["message"]
    missing = [
        f for f in findings if f["severity"] == "blocking" and f["kind"] == "required-document"
    ]
    assert missing, f"{spec.id}: no missing piece is named"
    for finding in missing:  # a piece of the label's référentiel, said to be missing
        assert finding["subject"] in registry.document_types and "absente" in finding["message"], (
            finding
        )


def test_init_writes_a_commented_dossier_that_points_at_its_schema(cli, tmp_path, schema):
    folder = tmp_path / "lycee"
    assert cli("init", folder).exit_code == 0
    text = (folder / "dossier.toml").read_text("utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert json.loads((folder / "dossier.schema.json").read_text("utf-8")) == schema
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 5
    assert re.search(
        r'^kind = "\w+" +# lp \(lycée professionnel\) \| lpo', text, re.MULTILINE
    )  # the choices, next to the key


def test_the_starter_sends_a_school_to_the_dossier_s_documentation(cli, tmp_path):
    """A school head who installed labelcheck has no README: the starter names the French
    reference of the format by its title."""
    assert cli("init", tmp_path).exit_code == 0
    head = "\n".join((tmp_path / "dossier.toml").read_text("utf-8").splitlines()[:4])
    assert "« Le format\n# du dossier »" in head
    assert "README" not in head


def test_every_placeholder_of_the_establishment_is_marked_to_replace(cli, tmp_path):
    """The UAI is a value a school must change; the academy, which chooses the profile its
    dossier is judged under, is never chosen for it: an example written as a value
    (« orleans-tours ») judged a school of any academy under Centre-Val de Loire's profile."""
    assert cli("init", tmp_path).exit_code == 0
    text = (tmp_path / "dossier.toml").read_text("utf-8")
    lines = text.splitlines()
    uai = next(line for line in lines if line.startswith("uai = "))
    assert "# à remplacer : " in uai, uai
    assert not [line for line in lines if line.startswith("academy = ")]
    academy = next(line for line in lines if line.startswith("# academy = "))
    assert "à écrire" in academy and "profil national" in academy, academy
    assert "academy" not in tomllib.loads(text)["establishment"]
    result = cli("evaluate", tmp_path, "--format", "json", "--fail-on", "never")
    assert json.loads(result.stdout)["dossiers"][0]["profile"] == "national"


@pytest.mark.parametrize("academy", [(), ("--academy", "orleans-tours")])
def test_the_starter_leaves_each_submission_date_to_write(cli, tmp_path, academy):
    """`submitted = <the day of init>` made the échéancier of a school that had not applied
    yet say « Dépôt de la candidature — a eu lieu »: the date is commented, said to be the
    submission's, and the dossier still evaluates, without a submission step."""
    labels = ("--label", "ldm", "--label", "euroscol")
    assert cli("init", tmp_path, *labels, *academy).exit_code == 0
    text = (tmp_path / "dossier.toml").read_text("utf-8")
    written = [line for line in text.splitlines() if re.match(r"#? ?submitted = ", line)]
    assert len(written) == 2
    for line in written:
        assert line.startswith("# submitted = AAAA-MM-JJ") and "date du dépôt" in line, line
    assert all("submitted" not in entry for entry in tomllib.loads(text)["applications"])
    [dossier] = report(cli("evaluate", tmp_path, "--format", "json"))["dossiers"]
    assert dossier["errors"] == []
    steps = [step["id"] for label in dossier["labels"] for step in label["timeline"]]
    assert "application-submitted" not in steps


@pytest.mark.parametrize(
    "academy, judged",
    [
        ("orleans-tours", "# jugé sous le profil centre-val-de-loire-2026"),
        ("normandie", "# aucun profil installé ne la sert : jugé sous le profil national"),
    ],
)
def test_init_for_an_academy_writes_it_with_the_profile_it_will_be_judged_under(
    academy, judged, cli, tmp_path
):
    """A school head who knows the academy need not replace an example of another's: written,
    not marked to replace, and the profile its dossier will be judged under said."""
    assert cli("init", tmp_path, "--academy", academy).exit_code == 0
    text = (tmp_path / "dossier.toml").read_text("utf-8")
    [line] = [line for line in text.splitlines() if line.startswith("academy = ")]
    assert line.startswith(f'academy = "{academy}"') and line.endswith(judged), line
    assert tomllib.loads(text)["establishment"]["academy"] == academy
    result = cli("evaluate", tmp_path, "--format", "json", "--fail-on", "never")
    profile = judged.rpartition(" ")[2]
    assert json.loads(result.stdout)["dossiers"][0]["profile"] == profile


@pytest.mark.parametrize(
    "academy, meant",
    [("Orléans-Tours", "orleans-tours"), ("caen", "normandie"), ("normandi", "normandie")],
)
def test_init_for_an_unknown_academy_says_which_was_meant_and_writes_nothing(
    academy, meant, cli, tmp_path
):
    result = cli("init", tmp_path / "new", "--academy", academy)
    assert result.exit_code == 2
    assert f"académie « {academy} » inconnue" in result.stderr.replace("\u202f", " ")
    assert f"(vouliez-vous dire « {meant} »" in result.stderr.replace("\u202f", " ")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("labels", [(), ("euroscol",), ("e3d", "eduform", "euroscol", "ldm")])
def test_the_starter_s_held_label_reads_once_uncommented(cli, tmp_path, labels):
    """Written on one line, `# [[held]] label = "…", awarded = AAAA-MM-JJ` was a syntax error
    once uncommented, the first thing a school holding a label does (the new-user walk)."""
    assert (
        cli("init", tmp_path, *[a for label in labels for a in ("--label", label)]).exit_code == 0
    )
    path = tmp_path / "dossier.toml"
    lines = path.read_text("utf-8").splitlines()
    start = lines.index("# [[held]]")
    lines[start : start + 3] = [line.removeprefix("# ") for line in lines[start : start + 3]]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    evaluated = cli("evaluate", tmp_path, "--format", "json")
    [dossier] = report(evaluated)["dossiers"]
    assert dossier["errors"] == [], dossier["errors"]
    held = [label for label in dossier["labels"] if label["held"]]
    assert len(held) == 1 and held[0]["held"]["awarded"] < "2100"


def test_every_application_key_of_the_starter_is_explained_and_reads_uncommented(
    cli, tmp_path, registry
):
    """Each key line with its French comment, and valid TOML once uncommented (the French
    audit: Eduform's « # subcontracting = … » had neither)."""
    lines = []
    for label in sorted(registry.labels):  # one by one: Eduform is no lycée's application
        assert cli("init", tmp_path / label, "--label", label).exit_code == 0
        text = (tmp_path / label / "dossier.toml").read_text("utf-8")
        lines += text[: text.index("# [[documents]]")].splitlines()
    lines.append("# [[documents]]")
    optional = {key for spec in registry.labels.values() for key in spec.application_keys}
    keys = [
        line.removeprefix("# ")
        for line in lines[: lines.index("# [[documents]]")]  # the applications' keys
        if (found := re.match(r"(?:# )?(\w+) = ", line)) and found[1] in optional
    ]
    assert any(line.startswith("subcontracting = ") for line in keys)
    for line in keys:
        assert " # " in line, line
        tomllib.loads(line)


@pytest.mark.parametrize("parts", ["shipped", "none"])
def test_without_academy_the_starter_names_none(registry, monkeypatch, parts):
    if parts == "none":
        monkeypatch.setattr(starter, "_builtin_profile_parts", lambda registry: [])
    text = starter.starter_dossier(registry, ["ldm"], dt.date(2026, 5, 20))
    assert "\n# academy = " in text and "\nacademy = " not in text


@pytest.mark.parametrize("entry", ["establishment", "applications"])
def test_the_starter_writes_the_keys_a_label_adds_where_they_go(registry, entry):
    """`init --label X` wrote the keys X adds to its application, not those it adds to
    `[establishment]` (the third-party plugins audit)."""
    import dataclasses

    from labelcheck.core.catalog import DossierKey

    referent = {"referent": DossierKey(type="text", description="Le référent qualité")}
    ldm = registry.labels["ldm"].model_copy(update={"new_keys": {entry: referent}})
    declaring = dataclasses.replace(registry, labels={**registry.labels, "ldm": ldm})
    text = starter.starter_dossier(declaring, ["ldm"], dt.date(2026, 5, 20))
    table = "\n[establishment]\n" if entry == "establishment" else "\n[[applications]]\n"
    after = text[text.index(table) :]
    written = after[: after.index("\n\n")]
    assert '\n# referent = ""  # Le référent qualité' in written, text


@pytest.mark.parametrize(
    ("declared", "line"),
    [
        ({"type": "text"}, '# referent = ""  # Ce qu\'il dit'),
        ({"type": "boolean"}, "# referent = false  # Ce qu'il dit"),
        ({"type": "integer"}, "# referent = 0  # Ce qu'il dit"),
        ({"type": "date"}, "# referent = 2026-05-20  # Ce qu'il dit"),
        (
            {"type": "choice", "values": ("tete", "encordee")},
            '# referent = "tete"  # Ce qu\'il dit : tete | encordee',
        ),
    ],
)
@pytest.mark.parametrize("entry", ["establishment", "applications"])
def test_a_key_a_label_adds_reads_as_toml_once_uncommented(registry, entry, declared, line):
    """Written « # referent = … », the key was no TOML once uncommented (the plugin author's
    audit): a value of its type to write over, a choice's values said."""
    import dataclasses

    from labelcheck.core.catalog import DossierKey

    key = {"referent": DossierKey(description="Ce qu'il dit", **declared)}
    ldm = registry.labels["ldm"].model_copy(update={"new_keys": {entry: key}})
    declaring = dataclasses.replace(registry, labels={**registry.labels, "ldm": ldm})
    text = starter.starter_dossier(declaring, ["ldm"], dt.date(2026, 5, 20))
    assert f"\n{line}\n" in text
    tomllib.loads(text.replace("\n# referent = ", "\nreferent = "))


@pytest.mark.parametrize(
    ("descriptions", "written"),
    [
        (("Le référent qualité", "Le référent qualité"), "Le référent qualité (labels e3d et ldm)"),
        (
            ("Le référent E3D", "Le référent qualité"),
            "Le référent E3D (label e3d) ; Le référent qualité (label ldm)",
        ),
    ],
)
def test_a_key_two_labels_add_to_the_establishment_is_written_once(registry, descriptions, written):
    """Written once per label, the key was twice in `[establishment]`: uncommented, the
    dossier was no longer TOML (the review)."""
    import dataclasses

    from labelcheck.core.catalog import DossierKey

    adding = {
        label: registry.labels[label].model_copy(
            update={
                "new_keys": {
                    "establishment": {"referent": DossierKey(type="text", description=said)}
                }
            }
        )
        for label, said in zip(("e3d", "ldm"), descriptions, strict=True)
    }
    declaring = dataclasses.replace(registry, labels={**registry.labels, **adding})
    text = starter.starter_dossier(declaring, ["e3d", "ldm"], dt.date(2026, 5, 20))
    assert text.count("# referent = ") == 1
    assert f'\n# referent = ""  # {written}\n' in text
    tomllib.loads(text.replace("# referent = ", "referent = "))


def test_the_schema_offers_the_installed_labels_references_and_document_types(schema, registry):
    """An editor completes them, each with its title (VS Code, taplo: the const's description)."""
    definitions = schema["$defs"]
    labels = {choice["const"]: choice["description"] for choice in definitions["LabelId"]["oneOf"]}
    assert labels == {label.id: label.name for label in registry.labels.values()}
    refs = {choice["const"]: choice["description"] for choice in definitions["Ref"]["oneOf"]}
    assert (
        refs["ldm:6"].startswith("La mise en œuvre d'actions")
        and "ldm:6.32" in refs
        and "e3d" in refs
    )
    types = {choice["const"] for choice in definitions["DocumentType"]["oneOf"]}
    assert types == set(registry.document_types)


def test_the_starter_satisfies_the_schema(cli, tmp_path, validator, registry):
    cli("init", tmp_path, *[arg for label in sorted(registry.labels) for arg in ("--label", label)])
    assert errors_of(validator, toml_as_json(tmp_path / "dossier.toml")) == []


def test_init_without_a_label_applies_for_the_labels_offered_by_default(cli, tmp_path, registry):
    dossier = init_and_evaluate(cli, tmp_path)
    assert [label["label"] for label in dossier["labels"]] == starter_labels(registry) == ["ldm"]
    assert_a_clear_todo(dossier["labels"][0], registry.labels["ldm"], registry)


def test_init_for_e3d_and_euroscol_lists_what_each_needs(cli, tmp_path, registry):
    dossier = init_and_evaluate(cli, tmp_path, "e3d", "euroscol")
    assert sorted(label["label"] for label in dossier["labels"]) == ["e3d", "euroscol"]
    for label in dossier["labels"]:
        assert_a_clear_todo(label, registry.labels[label["label"]], registry)


def test_init_for_every_label_applies_for_none_the_school_may_not_apply_for(
    cli, tmp_path, registry
):
    """`init --label ldm … --label eduform` wrote a lycée applying for Eduform, which only a
    GRETA, a CFA or a GIP applies for: the starter's first finding was « Organisme non
    éligible » (the cross-label audit). The school holds it through its GRETA, if at all: the
    starter offers that [[held]] entry, commented, and applies for the other three."""
    dossier = init_and_evaluate(cli, tmp_path, *sorted(registry.labels))
    assert sorted(label["label"] for label in dossier["labels"]) == ["e3d", "euroscol", "ldm"]
    for label in dossier["labels"]:
        assert_a_clear_todo(label, registry.labels[label["label"]], registry)
    text = (tmp_path / "dossier.toml").read_text("utf-8")
    offered = text[text.index("# Eduform : ") :].split("\n\n")[0]
    entry = "\n".join(line.removeprefix("# ") for line in offered.splitlines()[2:])
    assert tomllib.loads(entry)["held"][0]["label"] == "eduform", offered
    assert 'holder = "' in entry


@pytest.mark.parametrize("label", ["ldm", "euroscol", "e3d", "eduform"])
def test_init_for_each_installed_label_gives_a_clear_todo(label, cli, tmp_path, registry):
    dossier = init_and_evaluate(cli, tmp_path, label)
    [result] = dossier["labels"]
    assert_a_clear_todo(result, registry.labels[label], registry)


@pytest.mark.parametrize(
    "name", ["Nouveau Lycée d’Été", "lycée de l'Est", 'a$b "c" !', "-x", "lycée-jean"]
)
def test_the_command_init_prints_gives_the_folder_back_when_pasted(cli, tmp_path, name):
    """`Évaluer : labelcheck evaluate t/Nouveau Lycée d’Été`, pasted, was three paths and
    « chemin introuvable » (the audit of dossiers as schools make them)."""
    folder = tmp_path / name
    result = cli("init", "--", folder)
    assert result.exit_code == 0, result.output
    command = result.stdout.split("Évaluer\u202f: ", 1)[1].strip()
    [_, _, given] = shlex.split(command)
    assert Path(given).resolve() == folder.resolve(), command


def test_a_folder_named_with_accents_alone_is_printed_unquoted(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "lycée-été")
    assert result.stdout.rstrip().endswith("labelcheck evaluate lycée-été"), result.stdout


def test_init_into_the_current_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init").exit_code == 0
    assert (tmp_path / "dossier.toml").is_file() and (tmp_path / "dossier.schema.json").is_file()


def test_init_never_overwrites_a_dossier(cli, tmp_path):
    (tmp_path / "dossier.toml").write_text("# le travail d'une année\n", encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.exit_code == 2
    assert "existe déjà" in result.stderr and "n'écrase jamais" in result.stderr
    assert "(choisir un autre répertoire)" in result.stderr
    assert (tmp_path / "dossier.toml").read_text("utf-8") == "# le travail d'une année\n"
    assert not (tmp_path / "dossier.schema.json").exists()


@pytest.mark.parametrize(
    "typo, closest", [("ldn", "ldm"), ("e3f", "e3d"), ("euroscool", "euroscol")]
)
def test_init_for_an_unknown_label_exits_2_with_a_suggestion(
    typo, closest, cli, tmp_path, registry
):
    if closest not in registry.labels:
        pytest.skip(f"the {closest} label plugin is not installed")
    result = cli("init", tmp_path, "--label", typo)
    assert result.exit_code == 2
    assert f"label inconnu «\u202f{typo}\u202f»" in result.stderr
    assert f"vouliez-vous dire «\u202f{closest}\u202f»\u202f?" in result.stderr
    assert not (tmp_path / "dossier.toml").exists()


def test_init_never_writes_through_a_link_out_of_the_folder(cli, tmp_path):
    """A dossier.toml that is a link, even leading nowhere yet, or a schema that is one: init
    would write where the link leads, outside the folder. Refused, and nothing written."""
    outside = tmp_path / "ailleurs.toml"
    folder = tmp_path / "lycee"
    folder.mkdir()
    (folder / "dossier.toml").symlink_to(outside)
    result = cli("init", folder)
    assert result.exit_code == 2 and "existe déjà" in result.stderr
    assert not outside.exists()

    kept = tmp_path / "notes.txt"
    kept.write_text("ORIGINAL", encoding="utf-8")
    other = tmp_path / "autre"
    other.mkdir()
    (other / "dossier.schema.json").symlink_to(kept)
    result = cli("init", other)
    assert result.exit_code == 2
    assert "dossier.schema.json est un lien symbolique" in result.stderr
    assert kept.read_text(encoding="utf-8") == "ORIGINAL"
    assert not (other / "dossier.toml").exists()


def test_init_where_no_folder_can_be_made_is_a_usage_error(cli, tmp_path):
    (tmp_path / "fichier.txt").write_text("", encoding="utf-8")
    result = cli("init", tmp_path / "fichier.txt" / "lycee")
    assert result.exit_code == 2, result.output
    assert "impossible d'écrire le dossier de départ dans" in result.stderr
    assert "un élément du chemin n'est pas un répertoire" in result.stderr
    assert "Error" not in result.stderr  # no exception's name: a sentence


def test_init_never_writes_a_second_dossier_beside_a_json_one(cli, tmp_path):
    """A dossier.toml beside a dossier.json makes the folder two dossiers: refused."""
    (tmp_path / "dossier.json").write_text("{}", encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.exit_code == 2
    assert "dossier.json existe déjà" in result.stderr and "second" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.json"]


def test_init_help_names_the_labels_the_starter_applies_for(cli, registry, monkeypatch):
    """A plugin's label with `offered_by_init = true` is in the starter too: the help said
    « par défaut : ldm » whatever the plugins installed."""
    from labelcheck.core import cli as cli_module

    def shown() -> str:  # the help's words, however click wraps them
        return " ".join(cli("init", "--help").stdout.replace("\u202f", " ").split())

    assert "par défaut : " + ", ".join(starter_labels(registry)) + ")" in shown()
    monkeypatch.setattr(cli_module, "_starter_label_names", lambda: ["egalite", "ldm"])
    assert "par défaut : egalite, ldm)" in shown()


def test_init_into_a_link_leading_nowhere_says_the_name_is_taken(cli, tmp_path):
    """The folder given is a symbolic link whose target is missing: « erreur du système
    (EEXIST) » (the robustness audit); nothing is written where it leads."""
    target = tmp_path / "disparu"
    (tmp_path / "lycee").symlink_to(target)
    result = cli("init", tmp_path / "lycee")
    assert result.exit_code == 2, result.output
    assert "ce nom est déjà pris (un fichier, ou un lien symbolique" in result.stderr
    assert "EEXIST" not in result.stderr and not target.exists()


class FullDisk:
    """A file of `failing` (dossier.toml or the schema) on a disk that fills up as it is
    written: its first hundred characters, then ENOSPC."""

    failing = "dossier.toml"

    def __init__(self, file, mode: str = "r", **options) -> None:
        self.file = builtins.open(file, mode, **options)  # noqa: SIM115 - closed by its user

    def __getattr__(self, name: str):  # close, flush, fileno: the file's
        return getattr(self.file, name)

    def write(self, text: str) -> int:
        if text.startswith("{") != (self.failing == "dossier.schema.json"):
            return self.file.write(text)
        self.file.write(text[:100])
        self.file.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("failing", ["dossier.toml", "dossier.schema.json"])
def test_init_on_a_full_disk_leaves_no_cut_file_and_can_be_run_again(
    failing, cli, tmp_path, monkeypatch
):
    """An empty dossier.toml made `init` refuse to run again, and `evaluate` send the user
    back to `init`; a cut schema was invalid JSON for the editor (the FS audit)."""
    monkeypatch.setattr(FullDisk, "failing", failing)
    monkeypatch.setattr(output, "open", FullDisk, raising=False)
    result = cli("init", tmp_path)
    assert result.exit_code == 2, result.output
    assert "plus de place sur le disque" in result.stderr
    assert not (tmp_path / "dossier.toml").exists()
    assert [path.name for path in tmp_path.iterdir() if path.name != "dossier.schema.json"] == []
    if (tmp_path / "dossier.schema.json").exists():  # complete, labelcheck's own made again
        json.loads((tmp_path / "dossier.schema.json").read_text("utf-8"))
    monkeypatch.undo()
    assert cli("init", tmp_path).exit_code == 0


def test_init_replacing_its_schema_keeps_the_schemas_mode(cli, tmp_path):
    """The schema left by an earlier `init` is replaced as `-o` replaces a report, keeping its
    mode (and group): it got the umask's, where `-o` kept the previous one (the review)."""
    schema = tmp_path / "dossier.schema.json"
    schema.write_text("{}", encoding="utf-8")
    schema.chmod(0o640)
    umask = os.umask(0o022)
    try:
        assert cli("init", tmp_path).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(schema.stat().st_mode) == 0o640
    assert "$defs" in json.loads(schema.read_text("utf-8"))  # labelcheck's own, made again
    assert stat.S_IMODE((tmp_path / "dossier.toml").stat().st_mode) == 0o644  # a new file's
