"""The engine's promises to its users, as properties over generated dossiers (hypothesis).

What a school head, an academy's CI and an inspector rely on, as the contracts state or
imply it (spec/cli-and-report.md 1.1, spec/dossier-format.md 1.1), beside the properties
already pinned in this folder:

- evidence added for a criterion never makes it worse, nor adds a blocking finding;
- removing another label's own evidence never changes a label's judgement;
- lifting a nonconformity never adds a blocking finding;
- a profile's waiver never adds a finding; raising a rule's severity never makes a label
  ready; an adopted equivalence never makes a criterion worse;
- a finding's `ref` is the label or one of its criteria or items, its `source` is never empty;
- a fiche lifted, a piece, an audit, an action done or a measure dated after the as-of date
  does not count at that date; a decision counts from its own date, board minutes may be
  dated on the day the dossier is sent; a waiver holds on its expiry day;
- a criterion is `not-met` exactly when a blocking finding bears on it; under `national`
  only the texts block; a school is judged under its academy's profile as if it were given;
- a dossier's report depends on its content, not on its batch, folder, path or `--jobs`,
  and every format's counts (JSON, JSONL, JUnit, text) are those of the dossiers it gives.

`evaluate` here judges a dossier as the CLI does, under its academy's profile when no
profile is given (`auto`); test_ldm_properties.evaluate judges it under the engine's own.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import json
import re
import tempfile
import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from labelcheck.core import french
from labelcheck.core.cli import main
from labelcheck.core.engine import Engine
from labelcheck.core.errors import LabelcheckError
from labelcheck.core.loading import validate
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult, LabelResult, Summary
from labelcheck.core.writers.combined import summary_text
from ldm_dossiers import referentiel, valid_ldm_dossiers
from multilabel_dossiers import catalog, multilabel_dossiers
from test_ldm_properties import PATH
from test_time_properties import as_json_text, as_toml

REGISTRY = Registry.from_plugins()
CATALOG = catalog(REGISTRY)
AS_OF = dt.date(2026, 5, 20)
TODAY = AS_OF  # pinned: a run next year judges the generated dossiers as this one does
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOSSIERS = multilabel_dossiers(CATALOG)
AS_OFS = st.sampled_from([AS_OF, None])
# `auto`: no --profile, each school judged under its academy's (Orléans-Tours: the
# centre-val-de-loire-2026 profile), else `national`.
PROFILES = ("auto", "national", "centre-val-de-loire-2026")

# From best to worst, as a school head reads them: what a criterion's status promises.
STATUS_RANK = {
    "met": 0,
    "met-by-equivalence": 0,
    "not-applicable": 0,
    "not-evaluated": 0,
    "unsupported": 1,
    "not-met": 2,
}


@cache
def engine(profile: str = "auto", as_of: dt.date | None = AS_OF) -> Engine:
    built = Engine.create(None if profile == "auto" else profile, as_of, registry=REGISTRY)
    return dataclasses.replace(built, today=TODAY)


def evaluate(built: Engine, data: dict[str, Any]) -> DossierResult:
    """The dossier judged as the CLI judges it: under its academy's profile without
    `--profile` (test_ldm_properties.evaluate judges it under the engine's own)."""
    loaded = validate(PATH, data, None, {}, built.registry, built.profiles)
    assert not loaded.errors, "a generated dossier is invalid:\n" + "\n".join(
        map(str, loaded.errors)
    )
    return built.evaluate_loaded(loaded, PATH.as_posix())


def labels(result: DossierResult) -> dict[str, LabelResult]:
    return {label.label: label for label in result.labels}


def blocking(label: LabelResult) -> set[tuple]:
    return {(f.rule, f.subject, f.ref) for f in label.findings if f.severity == "blocking"}


def all_findings(label: LabelResult) -> set[tuple]:
    return {(f.rule, f.subject, f.ref, f.severity) for f in label.findings}


def statuses(label: LabelResult) -> dict[str, str]:
    return {c.ref: c.status for c in label.criteria}


def applications(data: dict) -> list[str]:
    return [a["label"] for a in data.get("applications", [])]


def criterion_of(ref: str) -> str:
    return ref.split(".", 1)[0]


EVIDENCE_KINDS = ("documents", "indicators", "actions", "partners")


# -- evidence added never makes things worse ----------------------------------------------------


def _with_evidence(data: dict, how: str, ref: str, day: dt.date) -> dict:
    """The dossier with one more entry supporting `ref`, of the kind `how`, meeting what the
    rules ask of an entry of its kind (dated, measured, owned before the as-of date `day`)."""
    added = copy.deepcopy(data)
    before = day - dt.timedelta(days=30)
    ids = [e["id"] for kind in EVIDENCE_KINDS for e in data.get(kind, [])]
    if how == "piece":
        added.setdefault("documents", []).append(
            {"id": "added", "type": "preuve", "title": "Compte rendu", "supports": [ref]}
        )
    elif how == "dated piece":
        added.setdefault("documents", []).append(
            {"id": "added", "type": "preuve", "date": before, "supports": [ref]}
        )
    elif how == "indicator":
        added.setdefault("indicators", []).append(
            {
                "id": "added",
                "name": "Indicateur",
                "supports": [ref],
                "values": {str(day.year - 1): 3},
            }
        )
    elif how == "action":
        added.setdefault("actions", []).append(
            {"id": "added", "title": "Action", "supports": [ref]}
        )
    elif how == "action done":
        added.setdefault("actions", []).append(
            {
                "id": "added",
                "title": "Action",
                "supports": [ref],
                "owner": "DDFPT",
                "start": before,
                "end": before,
                "done": before,
            }
        )
    elif how == "partner":
        added.setdefault("partners", []).append(
            {"id": "added", "name": "Entreprise", "kind": "company", "supports": [ref]}
        )
    elif how == "assessed with evidence" and ids:
        added.setdefault("self_assessment", []).append({"ref": ref, "evidence": ids[:2]})
    else:
        added.setdefault("self_assessment", []).append({"ref": ref, "note": "Auto-évaluation"})
    return added


EVIDENCE = st.sampled_from(
    [
        "piece",
        "dated piece",
        "indicator",
        "action",
        "action done",
        "partner",
        "self-assessment",
        "assessed with evidence",
    ]
)


@FAST
@given(
    data=DOSSIERS,
    as_of=AS_OFS,
    profile=st.sampled_from(PROFILES),
    how=EVIDENCE,
    choice=st.randoms(use_true_random=False),
)
def test_evidence_added_for_a_criterion_never_makes_it_worse_nor_blocks(
    data, as_of, profile, how, choice
):
    """cli-and-report 1.1: a criterion is `not-met` when a blocking finding bears on it,
    `unsupported` when no evidence supports it: evidence added can only lift it."""
    applied = applications(data)
    assume(applied)
    label = choice.choice(applied)
    spec = CATALOG.labels[label]
    ref = choice.choice(spec.criteria + spec.items)
    built = engine(profile, as_of)
    before = labels(evaluate(built, data))[label]
    after = labels(evaluate(built, _with_evidence(data, how, ref, before.as_of)))[label]
    criterion = criterion_of(ref)
    was, now = statuses(before).get(criterion), statuses(after).get(criterion)
    assert STATUS_RANK.get(now, 0) <= STATUS_RANK.get(was, 0), (criterion, was, now)
    assert blocking(after) <= blocking(before), blocking(after) - blocking(before)
    assert not (before.verdict == "ready" and after.verdict == "not-ready")


# -- removing another label's own evidence --------------------------------------------------------


def _named_ids(data: dict) -> set[str]:
    """The ids another entry names (evidence, an action's indicators, an agreement)."""
    named = {i for line in data.get("self_assessment", []) for i in line.get("evidence", [])}
    named |= {i for action in data.get("actions", []) for i in action.get("indicators", [])}
    named |= {p["agreement"] for p in data.get("partners", []) if "agreement" in p}
    return named


def _own_to(entry: dict, kind: str, other: str) -> bool:
    """Whether the entry names criteria of `other` only, and is of no type another label reads."""
    supports = entry.get("supports", [])
    if not supports or any(r.split(":", 1)[0] != other for r in supports):
        return False
    if kind == "documents":
        declared = REGISTRY.document_types[entry["type"]].label
        return declared == other or entry["type"] in ("preuve", "convention")
    return True


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES))
def test_removing_another_label_s_own_evidence_never_changes_a_label_s_judgement(
    data, as_of, profile
):
    """Each label is judged on its own evidence (one label alone gives the same result as
    with all: test_multilabel_properties): what supports only Euroscol is none of LDM's."""
    named = _named_ids(data)
    built = engine(profile, as_of)
    before = labels(evaluate(built, data))
    for other in before:
        removed = copy.deepcopy(data)
        for kind in EVIDENCE_KINDS:
            removed[kind] = [
                e for e in removed.get(kind, []) if e["id"] in named or not _own_to(e, kind, other)
            ]
        removed["self_assessment"] = [
            line
            for line in removed.get("self_assessment", [])
            if criterion_of(line["ref"]).split(":")[0] != other or line.get("evidence")
        ]
        after = labels(evaluate(built, removed))
        for label, result in before.items():
            if label == other:
                continue
            assert judgement(after[label]) == judgement(result), (other, label)


# -- lifting a nonconformity ----------------------------------------------------------------------


@FAST
@given(
    data=DOSSIERS,
    as_of=AS_OFS,
    profile=st.sampled_from(PROFILES),
    days=st.integers(0, 400),
    choice=st.randoms(use_true_random=False),
)
def test_lifting_a_nonconformity_never_adds_a_blocking_finding(data, as_of, profile, days, choice):
    """A fiche d'écart « levée » (dossier-format: `status = "lifted"` with its date) is the
    school's answer to it: it never makes the dossier worse than left open."""
    open_ones = [
        n for n, nc in enumerate(data.get("nonconformities", [])) if nc["status"] == "open"
    ]
    assume(open_ones)
    lifted = copy.deepcopy(data)
    nc = lifted["nonconformities"][choice.choice(open_ones)]
    nc["status"] = "lifted"
    nc["lifted"] = nc["raised"] + dt.timedelta(days=days)
    built = engine(profile, as_of)
    before, after = labels(evaluate(built, data)), labels(evaluate(built, lifted))
    for label, result in after.items():
        added = blocking(result) - blocking(before[label])
        assert not added, (label, nc, added)
        assert not (before[label].verdict == "ready" and result.verdict == "not-ready")


# -- findings name what exists ---------------------------------------------------------------------


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES))
def test_a_finding_names_its_label_or_one_of_its_criteria_and_cites_a_source(data, as_of, profile):
    """dossier-format « References to criteria »: `LABEL`, `LABEL:CRITERION`,
    `LABEL:CRITERION.ITEM` of the référentiel (`ldm:9` where the profile adds it);
    cli-and-report 1.1: « Every finding carries `source` »."""
    for result in evaluate(engine(profile, as_of), data).labels:
        known = {result.label} | {c.ref for c in result.criteria}
        spec = CATALOG.labels[result.label]
        known |= set(spec.items)
        for finding in result.findings:
            added = (
                criterion_of(finding.ref) in known
                and criterion_of(finding.ref) not in spec.criteria
            )
            assert finding.ref in known or added, (finding.rule, finding.ref)
            assert finding.source.strip(), finding.rule
            assert finding.cited and finding.cited.document.strip(), finding.rule


# -- a profile's waivers, severities and equivalences ---------------------------------------------

RULES = tuple(sorted({rule.id for rule in engine().rules}))
PROFILE_FOLDER = tempfile.TemporaryDirectory(prefix="props-promises-", dir="/tmp")
WAIVER_ENDS = st.sampled_from(
    [None, AS_OF - dt.timedelta(days=1), AS_OF, AS_OF + dt.timedelta(days=1)]
)


@cache
def profile_file(name: str, body: str) -> str:
    path = Path(PROFILE_FOLDER.name, f"{name}.toml")
    path.write_text(f'name = "{name}"\nextends = "national"\n{body}', encoding="utf-8")
    return str(path)


@cache
def waiving(rule: str, expires: dt.date | None) -> str:
    end = f"expires = {expires.isoformat()}\n" if expires else ""
    body = f'[[waivers]]\nrule = "{rule}"\nreason = "Dérogation du rectorat"\n{end}'
    return profile_file(f"waiver-{rule.lower()}-{expires or 'none'}", body)


@cache
def raising(rule: str) -> str:
    body = f'[[severity]]\nrule = "{rule}"\nseverity = "blocking"\nreason = "Exigence académique"\n'
    return profile_file(f"severity-{rule.lower()}", body)


WAIVED = st.sampled_from(RULES)


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, rule=WAIVED, expires=WAIVER_ENDS)
def test_a_waiver_never_adds_a_finding_nor_a_blocking_one(data, as_of, rule, expires):
    """dossier-format « The academic profile »: waivers (rule id, reason, expiry date) set a
    rule's findings aside; a waiver of one rule leaves every other as it is."""
    without = labels(evaluate(engine("national", as_of), data))
    waived = labels(evaluate(engine(waiving(rule, expires), as_of), data))
    for label, result in waived.items():
        before = without[label]
        assert all_findings(result) <= all_findings(before), all_findings(result) - all_findings(
            before
        )
        assert not (before.verdict == "ready" and result.verdict == "not-ready")
        for ref, status in statuses(result).items():
            assert STATUS_RANK[status] <= STATUS_RANK[statuses(before)[ref]], (ref, status)


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, choice=st.randoms(use_true_random=False))
def test_a_waiver_holds_on_its_expiry_day_and_not_the_day_after(data, as_of, choice):
    """docs/fr: `expires = 2027-06-30  # après cette date la règle s'applique de nouveau`: on
    the day itself the rule is still waived; the day after, it applies as without a waiver."""
    without = labels(evaluate(engine("national", as_of), data))
    found = sorted({(label, f.rule) for label, r in without.items() for f in r.findings})
    assume(found)
    label, rule = choice.choice(found)
    result = without[label]
    day = result.as_of
    on_the_day = labels(evaluate(engine(waiving(rule, day), as_of), data))[label]
    the_day_before = labels(
        evaluate(engine(waiving(rule, day - dt.timedelta(days=1)), as_of), data)
    )[label]
    assert not any(f.rule == rule for f in on_the_day.findings), label
    assert all_findings(the_day_before) == all_findings(result), label


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, rule=WAIVED)
def test_raising_a_rule_s_severity_never_makes_a_label_ready(data, as_of, rule):
    """cli-and-report 1.1: « A profile may raise or lower a rule's severity »: raised, its
    findings are the same ones, each at least as grave; a `not-ready` label stays so."""
    try:
        raised = engine(raising(rule), as_of)
    except LabelcheckError:  # a rule only a profile's setting puts in force: said, not raised
        assume(False)
    before = labels(evaluate(engine("national", as_of), data))
    after = labels(evaluate(raised, data))
    for label, result in after.items():
        was = before[label]
        assert {f[:3] for f in all_findings(result)} == {f[:3] for f in all_findings(was)}, label
        assert blocking(was) <= blocking(result), label
        assert not (was.verdict == "not-ready" and result.verdict == "ready"), label


ADOPTING = Path(__file__).parents[1] / "core" / "fixtures" / "articulation"


@FAST
@given(data=DOSSIERS, as_of=AS_OFS)
def test_an_adopted_equivalence_never_makes_a_criterion_worse(data, as_of):
    """cli-and-report: « An applicable equivalence wins over the criterion's own evidence »:
    adopted, it can only lift the criterion it stands in for, and no other."""
    refused = labels(
        evaluate(engine(str(ADOPTING / "profile-without-euroscol-equivalence.toml"), as_of), data)
    )
    adopted = labels(
        evaluate(engine(str(ADOPTING / "profile-adopting-euroscol-equivalence.toml"), as_of), data)
    )
    for label, result in adopted.items():
        for ref, status in statuses(result).items():
            assert STATUS_RANK[status] <= STATUS_RANK[statuses(refused[label])[ref]], (ref, status)
        assert not (refused[label].verdict == "ready" and result.verdict == "not-ready"), label
        assert blocking(result) <= blocking(refused[label]), blocking(result) - blocking(
            refused[label]
        )


# -- the report of a batch, as the CLI writes it ----------------------------------------------------

RUNNER = CliRunner()
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Folder names as schools give them: accents, spaces, one folder within another.
FOLDER_NAMES = st.from_regex(r"[a-zé][a-zé0-9 _-]{0,10}(/[a-z]{1,4})?", fullmatch=True).filter(
    lambda name: not name.endswith(" ") and " /" not in name
)
BATCHES = st.lists(
    st.tuples(FOLDER_NAMES, DOSSIERS, st.sampled_from(["toml", "json"]), st.booleans()),
    min_size=1,
    max_size=4,
    unique_by=lambda entry: entry[0].split("/")[0],
)


def cli(*args: object) -> Any:
    return RUNNER.invoke(main, [str(a) for a in args])


def write_dossier(folder: Path, data: dict, form: str, invalid: bool = False) -> Path:
    """The dossier written in `folder` as TOML or JSON; `invalid`: a typo in a key added."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {**data, "formatt": 1} if invalid else data
    path = folder / f"dossier.{form}"
    path.write_text(as_toml(data) if form == "toml" else as_json_text(data), encoding="utf-8")
    return path


def json_report(*args: object) -> dict:
    result = cli("evaluate", *args, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.stdout)


def judged(dossier: dict) -> dict:
    """A dossier's object but where it was read from (its path, in every finding too)."""
    out = {key: value for key, value in dossier.items() if key != "path"}
    return json.loads(json.dumps(out).replace(json.dumps(dossier["path"])[1:-1], "PATH"))


def recount(report: dict) -> dict[str, int]:
    """The summary's counts, counted again from the dossiers the report gives."""
    verdicts = ["ready", "not_ready", "valid", "renewal_due", "expired", "not_yet_awarded"]
    counts = dict.fromkeys(verdicts, 0)
    counts |= dict.fromkeys(["blocking", "warning", "info"], 0)
    for dossier in report["dossiers"]:
        for label in dossier["labels"]:
            counts[label["verdict"].replace("-", "_")] += 1
            for finding in label["findings"]:
                counts[finding["severity"]] += 1
    counts["dossiers"] = len(report["dossiers"])
    counts["invalid"] = sum(1 for d in report["dossiers"] if d["errors"])
    counts["labels"] = sum(len(d["labels"]) for d in report["dossiers"])
    return counts


@SLOW
@given(batch=BATCHES, jobs=st.sampled_from([1, 2]))
def test_a_dossier_s_report_depends_on_its_content_not_on_its_batch_path_or_jobs(batch, jobs):
    """cli-and-report: `PATH` is a file, a folder holding one, or a folder searched
    recursively; the report is deterministic. A school's verdicts, criteria and findings are
    the same alone or among others, named by its file or its folder, relatively or not,
    under `--jobs`; and the summary counts what the report gives."""
    with tempfile.TemporaryDirectory(prefix="props-batch-", dir="/tmp") as folder:
        root = Path(folder, "academie")
        paths = [
            write_dossier(root / name, data, form, invalid) for name, data, form, invalid in batch
        ]
        together = json_report(root, "--jobs", jobs)
        if jobs > 1:  # « byte-identical output »: the same report, whatever the workers
            one = cli("evaluate", root, "--format", "json", "--as-of", AS_OF).stdout
            assert (
                cli("evaluate", root, "--format", "json", "--as-of", AS_OF, "--jobs", jobs).stdout
                == one
            )
        # `not_yet_awarded` is given when some label has that verdict.
        summary = {"not_yet_awarded": 0, **together["summary"]}
        assert {key: summary[key] for key in recount(together)} == recount(together)
        by_path = {Path(d["path"]).resolve(): judged(d) for d in together["dossiers"]}
        assert set(by_path) == {p.resolve() for p in paths}
        for path in paths:
            alone_file = json_report(path)["dossiers"]
            alone_folder = json_report(path.parent)["dossiers"]
            with contextlib.chdir(root):
                relative = json_report(path.relative_to(root))["dossiers"]
            for alone in (alone_file, alone_folder, relative):
                assert len(alone) == 1
                assert judged(alone[0]) == by_path[path.resolve()], path


def _spaced(text: str) -> str:
    """The text with its no-break spaces (the French typography of human reports) plain."""
    return text.replace(french.NNBSP, " ").replace("\u00a0", " ")


def _summary_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Résumé"))


@SLOW
@given(batch=BATCHES)
def test_every_format_s_counts_are_those_of_the_dossiers_it_gives(batch):
    """The summary (JSON), JUnit's `tests`/`failures` and text's « Résumé » line count the
    same dossiers, labels, verdicts and findings as the report gives one by one."""
    with tempfile.TemporaryDirectory(prefix="props-counts-", dir="/tmp") as folder:
        root = Path(folder)
        for name, data, form, invalid in batch:
            write_dossier(root / name, data, form, invalid)
        report = json_report(root)
        counts = recount(report)
        # One object a line, split on "\n" only: a name may hold U+0085 or U+2028, which JSON
        # leaves as they are and str.splitlines would split on.
        jsonl = cli("evaluate", root, "--format", "jsonl", "--as-of", AS_OF).stdout
        lines = jsonl.rstrip("\n").split("\n")
        streamed = [json.loads(line) for line in lines]
        assert streamed[-1]["summary"] == report["summary"]
        summed = {"not_yet_awarded": 0, **report["summary"]}  # given when some label has it
        assert {key: summed[key] for key in counts} == counts
        junit = cli("evaluate", root, "--format", "junit", "--as-of", AS_OF)
        tree = ElementTree.fromstring(junit.stdout_bytes)
        cases = tree.findall("./testsuite/testcase")
        assert int(tree.get("tests")) == len(cases)
        assert int(tree.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(tree.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
        for suite in tree.findall("./testsuite"):
            own = suite.findall("testcase")
            assert int(suite.get("tests")) == len(own)
            assert int(suite.get("failures")) == sum(
                1 for c in own if c.find("failure") is not None
            )
            assert int(suite.get("skipped")) == sum(1 for c in own if c.find("skipped") is not None)
        # A label or dossier fails in JUnit exactly when JSON gives it a blocking finding or errors.
        assert len(tree.findall("./testsuite")) == counts["dossiers"]
        failing = sum(1 for c in cases if c.find("failure") is not None)
        assert (failing > 0) == bool(counts["blocking"] or counts["invalid"])
        expected_cases = sum(
            bool(d["errors"]) + sum(1 + len(label["criteria"]) for label in d["labels"])
            for d in report["dossiers"]
        )
        assert len(cases) == expected_cases
        text = cli("evaluate", root, "--as-of", AS_OF)
        summary = Summary(**{k: v for k, v in report["summary"].items()})
        line = _summary_line(text.stdout)
        assert _spaced(line) == _spaced(french.colon("Résumé", summary_text(summary)))
        numbers = [int(n) for n in re.findall(r"(\d+) ", _spaced(line))]
        assert numbers[0] == counts["dossiers"] and numbers[1] == counts["invalid"]
        assert numbers[2] == counts["labels"]
        assert numbers[-2:] == [counts["blocking"], counts["warning"]]


# -- what is dated after the as-of date does not count at that date ---------------------------------


def judgement(label: LabelResult) -> tuple:
    """What decides: the verdict, each criterion's status, the blocking findings."""
    return label.verdict, statuses(label), blocking(label)


def _later(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


@FAST
@given(
    data=DOSSIERS,
    as_of=AS_OFS,
    profile=st.sampled_from(PROFILES),
    days=st.integers(0, 3),
    choice=st.randoms(use_true_random=False),
)
def test_a_fiche_lifted_after_the_as_of_date_is_open_at_that_date(
    data, as_of, profile, days, choice
):
    """dossier-format 1.1: « A fiche d'écart whose `lifted` date is after the as-of date is
    open at that date »; lifted on the day itself, it is lifted."""
    built = engine(profile, as_of)
    result = labels(evaluate(built, data))
    ncs = [
        n
        for n, nc in enumerate(data.get("nonconformities", []))
        if nc["status"] == "open" and nc["ref"].split(":")[0] in result
    ]
    assume(ncs)
    number = choice.choice(ncs)
    label = data["nonconformities"][number]["ref"].split(":")[0]
    day = result[label].as_of
    assume(data["nonconformities"][number]["raised"] <= day)
    lifted = copy.deepcopy(data)
    lifted["nonconformities"][number] |= {"status": "lifted", "lifted": _later(day, days + 1)}
    later = labels(evaluate(built, lifted))[label]
    assert judgement(later) == judgement(result[label])
    on_the_day = copy.deepcopy(data)
    on_the_day["nonconformities"][number] |= {"status": "lifted", "lifted": day}
    on_the_day_result = labels(evaluate(built, on_the_day))[label]
    assert not {f for f in blocking(on_the_day_result) if f[1] == f"FE-{number}"}


@FAST
@given(
    data=DOSSIERS,
    as_of=AS_OFS,
    profile=st.sampled_from(PROFILES),
    days=st.integers(1, 400),
    how=st.sampled_from(["piece", "indicator", "action-done", "audit"]),
    choice=st.randoms(use_true_random=False),
)
def test_what_is_dated_after_the_as_of_date_does_not_count_at_that_date(
    data, as_of, profile, days, how, choice
):
    """dossier-format 1.1: « A document, an audit, an action's `done` date or an indicator's
    value dated after the as-of date does not count at that date (the report says so) »: the
    verdict, the criteria and what blocks are those of the dossier without it."""
    built = engine(profile, as_of)
    result = labels(evaluate(built, data))
    applied = [label for label in applications(data) if label in result]
    assume(applied)
    label = choice.choice(applied)
    spec = CATALOG.labels[label]
    ref = choice.choice(spec.criteria)
    day = result[label].as_of
    later = _later(day, days)
    added = copy.deepcopy(data)
    if how == "piece":
        doc_type = choice.choice(spec.document_types)
        added.setdefault("documents", []).append(
            {"id": "later", "type": doc_type, "date": later, "supports": [ref]}
        )
    elif how == "indicator":
        added.setdefault("indicators", []).append(
            {"id": "later", "name": "Indicateur", "supports": [ref], "values": {str(later.year): 5}}
        )
        assume(later.year > day.year)
        # The value does not count; the indicator, which monitors the criterion, is there.
        base = copy.deepcopy(data)
        base.setdefault("indicators", []).append(
            {"id": "later", "name": "Indicateur", "supports": [ref]}
        )
        result = labels(evaluate(built, base))
    elif how == "action-done":
        added.setdefault("actions", []).append(
            {"id": "later", "title": "Action", "supports": [ref], "owner": "DDFPT", "done": later}
        )
        base = copy.deepcopy(data)
        base.setdefault("actions", []).append(
            {"id": "later", "title": "Action", "supports": [ref], "owner": "DDFPT"}
        )
        result = labels(evaluate(built, base))
    else:
        assume(spec.spec.audit_grades)
        added.setdefault("audits", []).append(
            {
                "label": label,
                "type": choice.choice(spec.spec.application_types),
                "date": later,
                "auditors": ["A. Martin"],
                "findings": [{"ref": ref, "grade": choice.choice(spec.spec.audit_grades)}],
            }
        )
    after = labels(evaluate(built, added))[label]
    assert judgement(after) == judgement(result[label]), how


@FAST
@given(days=st.integers(-3, 3), as_of=st.dates(dt.date(2025, 2, 1), dt.date(2027, 12, 31)))
def test_an_equivalence_decision_counts_from_its_own_date(days, as_of):
    """dossier-format 1.1: an equivalence applies when « the dossier records the decision
    (`[[decisions]]`, dated no later than the as-of date) » and the other label is valid."""
    data = tomllib.loads((ADOPTING / "euroscol-valid-undecided.toml").read_text("utf-8"))
    data["decisions"] = [
        {
            "kind": "equivalence",
            "equivalence": "euroscol-ldm-6",
            "by": "groupe académique Lycée des métiers",
            "date": _later(as_of, days),
        }
    ]
    ldm = labels(evaluate(engine("national", as_of), data))["ldm"]
    euroscol_valid = labels(evaluate(engine("national", as_of), data))["euroscol"].verdict in (
        "valid",
        "renewal-due",
    )
    applied = statuses(ldm)["ldm:6"] == "met-by-equivalence"
    assert applied == (days <= 0 and euroscol_valid), (days, as_of, statuses(ldm)["ldm:6"])


# -- what a status and a severity say ------------------------------------------------------------


def _bears_on(ref: str, criterion: str) -> bool:
    return ref == criterion or ref.startswith(criterion + ".")


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES))
def test_a_criterion_is_not_met_exactly_when_a_blocking_finding_bears_on_it(data, as_of, profile):
    """cli-and-report 1.1: « A criterion is `not-met` when a blocking finding bears on it. One
    with no blocking finding but no evidence at all […] is `unsupported`, never `met` »; an
    applicable equivalence wins over the criterion's own evidence."""
    for result in evaluate(engine(profile, as_of), data).labels:
        for criterion in result.criteria:
            blocked = any(
                f.severity == "blocking" and _bears_on(f.ref, criterion.ref)
                for f in result.findings
            )
            if criterion.status in ("met-by-equivalence", "not-applicable", "not-evaluated"):
                continue
            assert (criterion.status == "not-met") == blocked, (criterion.ref, criterion.status)
            if criterion.status == "met":  # its evidence listed, or a line of self-assessment
                assessed = any(
                    _bears_on(line["ref"], criterion.ref)
                    for line in data.get("self_assessment", [])
                )
                assert criterion.evidence or assessed, criterion.ref


@FAST
@given(data=DOSSIERS, as_of=AS_OFS)
def test_under_national_only_the_texts_block(data, as_of):
    """cli-and-report 1.1: « Under `national`, only rules of nature `text` may block:
    `operational` rules warn, and `academy` rules belong to the profile of the academy »."""
    for result in evaluate(engine("national", as_of), data).labels:
        for finding in result.findings:
            if finding.severity == "blocking":
                assert finding.nature == "text", (finding.rule, finding.nature)


LDM_DOSSIERS = valid_ldm_dossiers(referentiel(REGISTRY))


@FAST
@given(
    data=LDM_DOSSIERS,
    sent=st.dates(dt.date(2020, 1, 1), dt.date(2027, 6, 30)),
    kind=st.sampled_from(["initial", "renewal"]),
    days=st.integers(-2, 2),
)
def test_the_board_minutes_may_be_dated_on_the_day_the_dossier_is_sent(data, sent, kind, days):
    """dossier-format: `pv-ca` « present, dated no later than `submitted` »: minutes of the
    day the dossier is sent are in time, those of the day after are not (judged at the audit,
    ten days later)."""
    minutes = copy.deepcopy(data)
    audit = _later(sent, 10)
    application = {"type": kind, "submitted": sent, "audit": audit}
    minutes["applications"] = [
        {"label": "ldm", **minutes.get("applications", [{}])[0], **application}
    ]
    # Its other minutes made other pieces (a partner's agreement may name one).
    minutes["documents"] = [
        {**d, "type": "preuve"} if d["type"] == "pv-ca" else d for d in minutes.get("documents", [])
    ]
    minutes["documents"].append({"id": "pv", "type": "pv-ca", "date": _later(sent, days)})
    result = labels(evaluate(engine("national", None), minutes))["ldm"]
    late = [f for f in result.findings if f.rule == "LDM-PV-CA-DATE"]
    assert bool(late) == (days > 0), (days, late)
    assert not [f for f in result.findings if f.rule == "LDM-DOC-REQUIRED" and f.subject == "pv-ca"]


@FAST
@given(data=DOSSIERS, as_of=AS_OFS)
def test_a_school_is_judged_under_its_academy_s_profile_as_if_it_were_given(data, as_of):
    """dossier-format « The academic profile »: « Without `--profile`, each dossier is judged
    under the profile that serves its `establishment.academy`, else `national` »."""
    academy = data["establishment"].get("academy")
    auto = evaluate(engine("auto", as_of), data)
    given_profile = "centre-val-de-loire-2026" if academy == "orleans-tours" else "national"
    chosen = evaluate(engine(given_profile, as_of), data)
    assert auto.profile == given_profile
    assert auto.labels == chosen.labels
