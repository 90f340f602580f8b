"""Exit 3: a plugin that raises while a dossier is evaluated is reported, never a bare
traceback, and the other dossiers of the run are still evaluated (CLI contract)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar
from labelcheck.core import registry as registry_module
from labelcheck.core.hookspecs import hookimpl
from labelcheck.rules.base import RuleKind
from support import report

FIXTURES = Path(__file__).parent / "fixtures"


class Explode(RuleKind):
    """A check that raises: a bug in a plugin."""

    name = "explode"
    scopes = ("application",)

    def check(self, facts, application):
        raise RuntimeError("la règle de test a levé une exception")


class ExplodingPlugin:
    """A third-party plugin adding a rule kind whose check raises, and one rule using it."""

    @hookimpl
    def labelcheck_rule_kinds(self):
        return [Explode]

    @hookimpl
    def labelcheck_rule_files(self):
        return [FIXTURES / "explode-rules.toml"]


def also_registered(monkeypatch, plugin: object, name: str) -> None:
    """Every plugin manager built during the test also holds `plugin`."""
    original = registry_module.plugin_manager

    def with_the_plugin(load_entry_points: bool = True):
        pm = original(load_entry_points)
        pm.register(plugin, name=name)
        return pm

    monkeypatch.setattr(registry_module, "plugin_manager", with_the_plugin)


@pytest.fixture
def exploding_plugin(monkeypatch):
    also_registered(monkeypatch, ExplodingPlugin(), "exploding-test-plugin")


@pytest.fixture
def campaign(tmp_path) -> Path:
    """The dossier the plugin raises on, between two it does not."""
    for name, source in (
        ("a", "campaign/lp-ready"),
        ("b-boom", "boom"),
        ("c", "campaign/orleans/tours/lp-not-ready"),
    ):
        (tmp_path / name).mkdir()
        shutil.copy(FIXTURES / source / "dossier.toml", tmp_path / name / "dossier.toml")
    return tmp_path


def test_a_plugin_raising_gives_exit_3_and_the_report_names_the_error(
    exploding_plugin, campaign, cli
):
    result = cli("evaluate", campaign, "--format", "json")
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    a, boom, c = report(result)["dossiers"]
    assert "RuntimeError: la règle de test a levé une exception" in boom["internal_error"]
    assert "test_cli_internal_error.py" in boom["internal_error"]  # where it was raised
    assert "règle TEST-EXPLODE" in boom["internal_error"]  # and in which rule: whom to tell
    # The school named as its file names it, with what judged it: compare finds it by its UAI
    assert boom["name"] == "Lycée Boum" and boom["uai"] and boom["digest"] and boom["profile"]
    assert [label["verdict"] for label in a["labels"]] == ["ready"]
    assert [label["verdict"] for label in c["labels"]] == ["not-ready"]
    assert report(result)["summary"]["internal_errors"] == 1
    assert f"{boom['path']}\u202f: erreur interne\u202f: RuntimeError" in result.stderr


def test_the_text_report_names_the_internal_error_too(exploding_plugin, campaign, cli):
    result = cli("evaluate", campaign)
    assert result.exit_code == 3
    # What it means for the school first, then the exception for whoever runs labelcheck (the
    # French review: « RuntimeError: … » opened a school head's report).
    assert "Erreur interne\u202f: ce dossier n'a pas été évalué" in result.stdout
    assert (
        "Détail technique, pour qui administre labelcheck\u202f: RuntimeError: la règle de test "
        "a levé une exception" in result.stdout
    )
    assert "Traceback" not in result.output


def test_the_summary_line_counts_the_dossier_an_internal_error_stopped(
    exploding_plugin, campaign, cli
):
    """It is in no other count (neither invalid nor a label's verdict): a CI log or a school
    head reading the last line would not know a school went unevaluated."""
    result = cli("evaluate", campaign)
    [summary] = [line for line in result.stdout.splitlines() if line.startswith("Résumé")]
    assert "1 en erreur interne (non évalué)" in summary, summary


def test_exit_3_wins_over_findings_and_invalid_dossiers(exploding_plugin, campaign, cli):
    invalid = Path(__file__).parents[1] / "core" / "fixtures" / "invalid" / "typo-key.toml"
    assert cli("evaluate", campaign, invalid).exit_code == 3


def test_without_the_plugin_the_same_dossiers_evaluate_normally(campaign, cli):
    assert cli("evaluate", campaign).exit_code == 1


class LookupPlugin:
    """A third-party plugin whose expression rule reads a year an indicator may lack."""

    @hookimpl
    def labelcheck_rule_files(self):
        return [FIXTURES / "lookup-rules.toml"]


def test_an_expression_failing_on_a_dossier_names_the_rule_s_line_and_the_key_it_read(
    monkeypatch, campaign, cli
):
    """The internal error named `core/expressions.py:157`, labelcheck's own line, and told to
    read `indicator.values&['2023']` for a rule reading '2025' (the plugin author's audit):
    it names the rule's file, line and key, and the key the expression read."""
    also_registered(monkeypatch, LookupPlugin(), "lookup-test-plugin")
    result = cli("evaluate", campaign, "--format", "json")
    assert result.exit_code == 3, result.output
    [boom] = [d for d in json.loads(result.stdout)["dossiers"] if d["name"] == "Lycée Boum"]
    rules = FIXTURES / "lookup-rules.toml"
    line = (
        rules.read_text("utf-8")
        .splitlines()
        .index("expression = \"indicator.values['2025'] >= 0\"")
    )
    assert (
        f"(dans {rules}:{line + 1}, rules[0].check.expression, règle TEST-LOOKUP du plugin lookup-test-plugin)"
        in boom["internal_error"]
    )
    assert "`indicator.values&['2025'] ?? 0`" in boom["internal_error"]
    assert "2023" not in boom["internal_error"]


class RaisingAtLoad:
    """A plugin whose label hook raises: a bug, not bad data."""

    @hookimpl
    def labelcheck_labels(self):
        raise ValueError("le plugin de test a levé une exception au chargement")


@pytest.fixture
def raising_at_load(monkeypatch):
    also_registered(monkeypatch, RaisingAtLoad(), "raising-test-plugin")


@pytest.mark.parametrize("command", [("evaluate",), ("labels",), ("rules",), ("plugins",)])
def test_a_plugin_raising_while_it_loads_gives_exit_3(raising_at_load, command, cli):
    """cli-and-report: « 3 an internal error (a plugin raised) »; a plugin's bad data is 2."""
    args = (*command, FIXTURES / "campaign" / "lp-ready") if command == ("evaluate",) else command
    result = cli(*args)
    assert result.exit_code == 3, result.output
    assert "ValueError" in result.output and "Traceback" not in result.output
    # Where it raised, for the plugin's author: the line of the hook.
    line = RaisingAtLoad.labelcheck_labels.__code__.co_firstlineno + 2
    assert f"ligne {line} de {__file__}" in result.output, result.output


def test_compare_evaluating_a_dossier_a_plugin_raises_on_exits_3(
    exploding_plugin, campaign, cli, tmp_path
):
    """compare evaluates dossiers as evaluate does: a plugin raising is exit 3 there too, and
    the dossier is said to have met an internal error, not to have become invalid."""
    before = tmp_path / "before"
    shutil.copytree(campaign / "b-boom", before)
    (before / "dossier.toml").write_text(
        (before / "dossier.toml").read_text("utf-8").replace("Lycée Boum", "Lycée Calme"), "utf-8"
    )
    result = cli("compare", before, campaign / "b-boom")
    assert result.exit_code == 3, result.output
    assert "erreur interne" in result.stdout and "devenu invalide" not in result.stdout
    assert "Traceback" not in result.output


def test_compare_names_the_internal_error_on_stderr_as_evaluate_does(
    exploding_plugin, campaign, cli
):
    # It exited 3 without a word: the text even said « Rien n'a changé ».
    result = cli("compare", campaign, campaign)
    assert result.exit_code == 3
    assert "\u202f: erreur interne\u202f: RuntimeError" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
def test_a_school_head_is_told_the_dossier_is_not_at_fault_and_where_it_failed(
    exploding_plugin, campaign, cli, form
):
    """« Erreur interne : KeyError: 'x' (dans __init__.py:37…) » named no plugin, and read as
    the dossier's fault to a school head (the new-user walk)."""
    from labelcheck.core import french

    result = cli("evaluate", campaign, "--format", form)
    # As read: HTML's entities and Markdown's escapes aside.
    shown = result.stdout.replace("&#x27;", "'").replace("\\", "")
    assert result.exit_code == 3
    assert re.search(
        r"\(dans cli/test_cli_internal_error\.py:\d+, règle TEST-EXPLODE du plugin exploding-test-plugin\)",
        shown,
    )
    # In text after « Erreur interne : », in lower case; a sentence of its own elsewhere.
    assert french.INTERNAL_ERROR_AFTER_COLON in shown or french.INTERNAL_ERROR in shown


@pytest.mark.parametrize(
    "command", [("evaluate", "--format", "ics"), ("campaign", "--format", "ics")]
)
def test_an_internal_error_gives_the_same_to_do_in_either_calendar(
    exploding_plugin, campaign, cli, command
):
    """A school whose evaluation failed is named in the calendar, as an invalid one is: its
    steps vanished from a subscribed calendar without a word (the robustness audit)."""
    result = cli(command[0], campaign, *command[1:])
    assert result.exit_code == 3, result.output
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(result.stdout_bytes)
    [todo] = calendar.walk("VTODO")
    path = str(campaign / "b-boom" / "dossier.toml")
    assert str(todo["UID"]) == f"failed-{path}@labelcheck"
    assert str(todo["SUMMARY"]) == f"Dossier en erreur interne, non planifié\u202f: {path}"
    assert "RuntimeError: la règle de test a levé une exception" in str(todo["DESCRIPTION"])


def test_a_campaign_names_a_dossier_whose_evaluation_failed_in_every_format(
    exploding_plugin, campaign, cli
):
    """The robustness audit: a campaign left such a dossier out of `schools`, `invalid` and
    the summary alike (`\"schools\": 0, \"invalid\": 0`); only stderr named it."""
    path = str(campaign / "b-boom" / "dossier.toml")
    result = cli("campaign", campaign, "--format", "json")
    assert result.exit_code == 3, result.output
    document = json.loads(result.stdout)
    assert document["summary"]["failed"] == 1 and document["summary"]["invalid"] == 0
    [failed] = document["failed"]
    assert failed["path"] == path and "RuntimeError" in failed["internal_error"]
    assert path not in {school["path"] for school in document["schools"]}
    text = cli("campaign", campaign).stdout.replace("\u202f", " ")
    assert "1 dossier en erreur interne" in text
    assert "Dossiers en erreur interne, non planifiés" in text
    assert f"{path} : erreur interne. Ce dossier n'a pas été évalué" in text
    table = cli("campaign", campaign, "--format", "csv").stdout.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(table), delimiter=";"))
    uid, source = rows[0].index("identifiant"), rows[0].index("source")
    assert any(row[uid] == f"failed:{path}" and "RuntimeError" in row[source] for row in rows)
    page = html.unescape(cli("campaign", campaign, "--format", "html").stdout)
    assert "Dossiers en erreur interne, non planifiés" in page and "RuntimeError" in page


class Missing(Explode):
    """A check that looks up a key its facts lack: a KeyError, as the academy plugin's did."""

    def check(self, facts, application):
        return {}["diagnostic"]


class MissingKeyPlugin(ExplodingPlugin):
    @hookimpl
    def labelcheck_rule_kinds(self):
        return [Missing]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_the_report_alone_names_the_rule_and_the_plugin_that_failed(
    monkeypatch, campaign, cli, fmt
):
    """« Erreur interne : Ce dossier… » named neither the rule nor the plugin that only stderr
    gave: whoever receives the report alone must know whom to tell."""
    also_registered(monkeypatch, MissingKeyPlugin(), "egalite-test-plugin")
    result = cli("evaluate", campaign / "b-boom", "--format", fmt)
    assert result.exit_code == 3, result.output
    out = html.unescape(result.stdout)
    assert "KeyError: 'diagnostic'" in out
    assert "règle TEST-EXPLODE du plugin egalite-test-plugin" in out
    assert "Erreur interne\u202f: Ce" not in out
