"""`labelcheck schema` and `labelcheck init`: what editors and newcomers start from.

The schema is a valid JSON Schema that the examples satisfy and mistakes break;
`init` writes a commented dossier that validates, points editors at the schema,
and evaluates to a to-do list of what is missing, for any installed label.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from labelcheck.core.catalog import LabelSpec
from labelcheck.core.cli import main
from support import report

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/dossier.toml"))
INVALID = ROOT / "tests" / "core" / "fixtures" / "invalid"
SCHEMA_LINE = "#:schema ./dossier.schema.json"
# What only the starter itself could get wrong, never a piece the school has still to add.
STARTER_MISTAKES = {"eligibility", "title"}


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


@pytest.fixture(scope="module")
def schema() -> dict:
    """What `labelcheck schema` prints."""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER  # "format": "date" is checked too
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


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


@pytest.mark.parametrize("name", ["typo-key.toml", "string-for-number.toml"])
def test_the_schema_rejects_what_labelcheck_rejects_field_by_field(name, validator, cli):
    assert cli("evaluate", INVALID / name).exit_code == 2
    assert errors_of(validator, toml_as_json(INVALID / name))


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
        r'^kind = "\w+" +# lp \| lpo', text, re.MULTILINE
    )  # the choices, next to the key


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


@pytest.mark.parametrize("label", ["ldm", "euroscol", "e3d", "eduform"])
def test_init_for_each_installed_label_gives_a_clear_todo(label, cli, tmp_path, registry):
    dossier = init_and_evaluate(cli, tmp_path, label)
    [result] = dossier["labels"]
    assert_a_clear_todo(result, registry.labels[label], registry)


def test_init_into_the_current_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init").exit_code == 0
    assert (tmp_path / "dossier.toml").is_file() and (tmp_path / "dossier.schema.json").is_file()


def test_init_never_overwrites_a_dossier(cli, tmp_path):
    (tmp_path / "dossier.toml").write_text("# le travail d'une année\n", encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.exit_code == 2
    assert "existe déjà" in result.stderr and "n'écrase jamais" in result.stderr
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
