"""Properties of dates over time and of reading a dossier's file (hypothesis).

- the échéancier of the day after keeps every step of the day before, and a step past stays past;
- an audit of an earlier cycle (held before the award of the label held, itself before the
  application) adds no finding, but an écart or a follow-up's nonconformity still open;
- a label's last period begins no earlier than its award, and no later than its expiry;
- a dossier written in JSON and its TOML twin give the same report;
- a single character changed in a valid dossier.toml never raises: any error it gives is
  located at a line of the file and names no Python type;
- the file a missing piece likely means is a regular file inside the dossier's folder;
- a report read back from its file compares as unchanged with the evaluation it records;
- an item's number written as a criterion's suggests a reference that loads.

Found by them, kept as explicit examples: a label awarded after the as-of date with its own
expiry (the échéancier moved its end of validity the next day), the renewal audit of the cycle
before (AUDIT-BEFORE-SUBMISSION).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from labelcheck.core.compare import compare
from labelcheck.core.engine import Engine
from labelcheck.core.facts import _from_expiry
from labelcheck.core.loading import load
from labelcheck.core.report import Summary
from labelcheck.core.reports import read_report
from labelcheck.core.writers.combined import step_state
from labelcheck.core.writers.json import JsonWriter, dossier_dict
from ldm_dossiers import DATES, LABEL, _audit, valid_ldm_dossiers
from test_compare_properties import moves, report, trends
from test_ldm_properties import REFERENTIEL, REGISTRY, evaluate
from test_multilabel_properties import DOSSIERS as MULTILABEL_DOSSIERS

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOSSIERS = valid_ldm_dossiers(REFERENTIEL)
TODAY = dt.date(2026, 5, 20)


def engine(as_of: dt.date | None, profile: str | None = None) -> Engine:
    built = Engine.create(profile, registry=REGISTRY, as_of=as_of)
    return dataclasses.replace(built, today=TODAY)


# -- the échéancier from one day to the next -------------------------------------------------


def steps(data: dict, as_of: dt.date, profile: str | None) -> dict[tuple, str]:
    """Each step of the échéancier at `as_of`, by its identity, with its state."""
    result = evaluate(engine(as_of, profile), data)
    return {
        (label.label, step.id, step.date, step.end): step_state(step, label)
        for label in result.labels
        for step in label.steps
    }


PAST = {"started", "closed", "missed", "late", "expired", "passed", "held"}


# The counterexample: a label awarded the day after, with the expiry the dossier gives, showed
# the day before the end of validity five years after the award, gone the next day.
AWARDED_TOMORROW = {
    "format": 1,
    "establishment": {"uai": "0451442Y", "name": "Lycée", "kind": "lp", "sector": "public"},
    "held": [{"label": LABEL, "awarded": dt.date(2019, 1, 2), "expires": dt.date(2019, 1, 3)}],
    "applications": [
        {
            "label": LABEL,
            "type": "initial",
            "submitted": dt.date(2019, 1, 1),
            "audit": dt.date(2019, 1, 1),
        }
    ],
}


@FAST
@example(data=AWARDED_TOMORROW, day=dt.date(2019, 1, 1), profile=None)
@given(
    data=DOSSIERS | MULTILABEL_DOSSIERS,
    day=DATES,
    profile=st.sampled_from([None, "centre-val-de-loire-2026"]),
)
def test_the_echeancier_of_the_next_day_keeps_every_step_and_a_past_step_stays_past(
    data, day, profile
):
    following = day + dt.timedelta(days=1)
    before, after = steps(data, day, profile), steps(data, following, profile)
    # A fiche lifted that next day leaves the échéancier with its deadline: it lists the
    # deadlines of the fiches still open (left as it is, debatable, even when lifted late).
    lifted = {nc["id"] for nc in data.get("nonconformities", []) if nc.get("lifted") == following}
    dropped = {
        (label, step, date, end)
        for label, step, date, end in set(before) - set(after)
        if not (step.startswith("nonconformity-") and step.partition(":")[2] in lifted)
    }
    assert not dropped, f"dropped the day after {day}: {dropped}"
    for identity, state in before.items():
        if state in PAST and identity in after:
            assert after[identity] in PAST, (identity, state, after[identity])


# -- audits of an earlier cycle -------------------------------------------------------------


# An écart found before the award may still be open after it: the award requires the
# nonconformities lifted, not the écarts (as Eduform's minor findings, EDUFORM-FINDING-MINOR-NO-RECORD).
# A follow-up audit's nonconformity, « sans incidence sur le maintien du label », is still asked
# its fiche (a warning) whatever the cycle: left as it is, debatable.
STILL_OPEN_AFTER_THE_AWARD = {"LDM-DEVIATION-FINDING-OPEN", "LDM-FOLLOWUP-NO-FICHE"}


def finding_set(result) -> set[tuple]:
    return {
        (label.label, f.rule, f.subject, f.ref, f.message)
        for label in result.labels
        for f in label.findings
    }


LDM_AUDITS = _audit(REFERENTIEL.spec, st.sampled_from(REFERENTIEL.refs))
# The counterexample: a second renewal, the renewal audit of the cycle before dated before
# this one's sending, read « Un audit du même type que la candidature est daté avant l'envoi
# du dossier » (AUDIT-BEFORE-SUBMISSION).
RENEWED = {
    "format": 1,
    "establishment": {"uai": "0451442Y", "name": "Lycée", "kind": "lp", "sector": "public"},
    "held": [{"label": LABEL, "awarded": dt.date(2021, 6, 28)}],
    "applications": [
        {
            "label": LABEL,
            "type": "renewal",
            "submitted": dt.date(2026, 3, 10),
            "audit": dt.date(2026, 5, 20),
        }
    ],
}
EARLIER_RENEWAL_AUDIT = {
    "label": LABEL,
    "type": "renewal",
    "date": dt.date(2021, 5, 10),
    "auditors": ["A. Martin", "B. Durand", "C. Petit"],
}


# The counterexample: an application sent but not audited yet, evaluated without as-of, is
# judged today (20/05/2026), before the award of the label held (10/06/2026): the audit of
# 31/05/2026 is after the evaluation date, not an earlier cycle's.
SENT_AFTER_A_LATER_AWARD = {
    "format": 1,
    "establishment": {"uai": "0451442Y", "name": "Lycée", "kind": "lp", "sector": "public"},
    "held": [{"label": LABEL, "awarded": dt.date(2026, 6, 10)}],
    "applications": [{"label": LABEL, "type": "renewal", "submitted": dt.date(2026, 7, 1)}],
}


# Most generated dossiers hold no LDM label awarded before their application: assume() sets
# them aside, and on an unlucky draw Hypothesis counted that as a health-check failure.
@settings(FAST, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@example(data=RENEWED, audit=EARLIER_RENEWAL_AUDIT, days_before=49, as_of=None, profile=None)
@example(
    data=SENT_AFTER_A_LATER_AWARD,
    audit=EARLIER_RENEWAL_AUDIT,
    days_before=10,
    as_of=None,
    profile=None,
)
@given(
    data=DOSSIERS,
    audit=LDM_AUDITS,
    days_before=st.integers(1, 3000),
    as_of=st.sampled_from([TODAY, None]),
    profile=st.sampled_from([None, "centre-val-de-loire-2026"]),
)
def test_an_audit_of_an_earlier_cycle_adds_no_finding(data, audit, days_before, as_of, profile):
    held = next((h for h in data.get("held", []) if h["label"] == LABEL), None)
    assume(held is not None)
    audit = {**audit, "date": held["awarded"] - dt.timedelta(days=days_before)}
    audit.pop("plan_returned", None)
    audit.pop("report_sent", None)
    application = next(iter(data.get("applications", [])), {})
    assume(application.get("audit") != audit["date"])
    # A label held at the as-of date, awarded before the application was sent: the audit is
    # an earlier cycle's. (A label awarded since is the application's outcome: an audit before
    # it may be this cycle's, and is judged.) Without --as-of, an application is judged at its
    # audit date, else today, never at its sending (cli-and-report): a label awarded after
    # today is not held yet, and an audit after today is one to come (DATED-LATER).
    judged_at = as_of or application.get("audit") or TODAY
    sent = application.get("submitted") or application.get("audit") or judged_at
    assume(held["awarded"] <= judged_at and held["awarded"] < sent)
    added = copy.deepcopy(data)
    added.setdefault("audits", []).append(audit)
    built = engine(as_of, profile)
    before, after = finding_set(evaluate(built, data)), finding_set(evaluate(built, added))
    added_findings = {f for f in after - before if f[1] not in STILL_OPEN_AFTER_THE_AWARD}
    assert not added_findings, f"added by an audit of {audit['date']}: {added_findings}"


# -- the last period of a label ---------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(
    awarded=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    days=st.integers(1, 4000),
    years=st.integers(0, 6),
)
def test_a_last_period_begins_between_the_award_and_the_expiry(awarded, days, years):
    expires = awarded + dt.timedelta(days=days)
    day = _from_expiry(awarded, expires, -12 * years)
    assert awarded <= day <= expires


# -- JSON and TOML twins ----------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, float):
        assert math.isfinite(value)
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def as_toml(data: dict) -> str:
    """The dossier as TOML: scalars first, tables and arrays of tables each on its line."""
    return "".join(f"{key} = {toml_value(value)}\n" for key, value in data.items())


def as_json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=lambda d: d.isoformat(), indent=2)


def report_of(path: Path, built: Engine) -> dict:
    loaded = load(path, built.registry, built.profiles)
    result = built.evaluate_loaded(loaded, "dossier")
    out = dossier_dict(result)
    out.pop("path", None)
    out.pop("digest", None)  # of the file's text, which differs
    return out


@FAST
@given(data=DOSSIERS | MULTILABEL_DOSSIERS, as_of=st.sampled_from([TODAY, None]))
def test_a_json_dossier_and_its_toml_twin_give_the_same_report(data, as_of):
    built = engine(as_of)
    with tempfile.TemporaryDirectory(prefix="props-twin-", dir="/tmp") as folder:
        toml_path, json_path = Path(folder, "dossier.toml"), Path(folder, "twin", "dossier.json")
        json_path.parent.mkdir()
        toml_path.write_text(as_toml(data), encoding="utf-8")
        json_path.write_text(as_json_text(data), encoding="utf-8")
        from_toml, from_json = report_of(toml_path, built), report_of(json_path, built)
    assert not from_toml.get("errors"), from_toml["errors"]
    assert from_json == from_toml


# -- one character changed in a dossier.toml --------------------------------------------------

VALID_TOML = Path(__file__).parents[2] / "examples"
PYTHON_TYPES = re.compile(
    r"\b(str|int|float|bool|dict|list|tuple|NoneType|datetime|date_type|Decimal)\b"
    r"|<class |Traceback|object at 0x"
)


def _python_types(message: str, text: str) -> list[str]:
    """The Python type names `message` shows, but for those it quotes from the dossier's own
    `text` (a grade `str"ength`, quoted back in apostrophes: its `str` is the school's): a
    match whose few characters either side, quotes made alike, are in the text is its own."""
    alike = str.maketrans("'", '"')
    text = text.translate(alike)
    # What the message quotes in « » from the text is the school's (« str'ength », a grade
    # with an apostrophe: its `str` read as Python's by the few characters around it).
    message = QUOTED.sub(
        lambda m: "" if m.group(1).translate(alike) in text else m.group(), message
    )
    return [
        m.group()
        for m in PYTHON_TYPES.finditer(message)
        if message[max(m.start() - 3, 0) : m.end() + 3].translate(alike) not in text
    ]


QUOTED = re.compile("«\u202f?(.*?)\u202f?»")


MUTANT_CHARACTERS = st.sampled_from(list("\"'[]{}=,.#\\\n \t-:0aé«»\x00\x7f\ufeff") + ['"""'])


def _examples() -> list[Path]:
    return sorted(p for p in VALID_TOML.rglob("dossier.toml") if p.is_file())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    example=st.sampled_from(_examples()),
    where=st.floats(0, 1, exclude_max=True),
    edit=st.sampled_from(["insert", "replace", "delete"]),
    character=MUTANT_CHARACTERS,
)
# A grade `strength` made `str"ength`: the message quotes it back, its `str` the school's.
@example(VALID_TOML / "lp-jean-lurcat" / "dossier.toml", 0.94140625, "insert", '"')
@example(VALID_TOML / "lp-jean-lurcat" / "dossier.toml", 0.94140625, "insert", "'")
def test_a_one_character_change_is_reported_at_a_line_of_the_file_naming_no_python_type(
    example, where, edit, character
):
    text = example.read_text(encoding="utf-8")
    at = int(where * len(text))
    if edit == "insert":
        mutant = text[:at] + character + text[at:]
    elif edit == "replace":
        mutant = text[:at] + character + text[at + 1 :]
    else:
        mutant = text[:at] + text[at + 1 :]
    built = engine(TODAY)
    with tempfile.TemporaryDirectory(prefix="props-mutant-", dir="/tmp") as folder:
        path = Path(folder, "dossier.toml")
        path.write_text(mutant, encoding="utf-8")
        loaded = load(path, built.registry, built.profiles)
    lines = len(mutant.splitlines()) or 1
    for error in loaded.errors:
        assert error.line is None or 1 <= error.line <= lines + 1, (error, lines)
        assert not _python_types(error.full_message, mutant), error


# -- the file a missing piece likely means ----------------------------------------------------

NAME_PARTS = st.sampled_from(["pieces", "Pieces", "PIECES", "projet", "Projet", "a", "b", ".."])
NAMES = (
    st.lists(NAME_PARTS, min_size=1, max_size=3)
    .map("/".join)
    .map(lambda n: n + ".pdf" if not n.endswith("..") else n)
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    present=st.lists(NAMES, min_size=1, max_size=4),
    outside=st.booleans(),
    linked=st.lists(NAMES, max_size=2),
    written=st.lists(NAMES, min_size=1, max_size=4),
)
def test_the_file_a_missing_piece_means_is_a_regular_file_inside_the_folder(
    present, outside, linked, written
):
    built = engine(TODAY)
    with tempfile.TemporaryDirectory(prefix="props-meant-", dir="/tmp") as top:
        folder = Path(top, "dossier")
        folder.mkdir()
        Path(top, "elsewhere.pdf").write_bytes(b"%PDF-1.4\n")
        Path(top, "pieces").mkdir()
        Path(top, "pieces", "projet.pdf").write_bytes(b"%PDF-1.4\n")
        for name in present:
            target = (folder / name).resolve()
            if not target.is_relative_to(folder.resolve()):
                continue
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(b"%PDF-1.4\n")
            except OSError:
                continue
        for name in linked:
            link = (folder / name).resolve()
            if link.is_relative_to(folder.resolve()) and not link.exists():
                try:
                    link.parent.mkdir(parents=True, exist_ok=True)
                    os.symlink(Path(top, "elsewhere.pdf") if outside else Path(top, "pieces"), link)
                except OSError:
                    continue
        data = {
            "format": 1,
            "establishment": {"uai": "0451442Y", "name": "Lycée", "kind": "lp", "sector": "public"},
            "applications": [{"label": LABEL, "type": "initial", "submitted": TODAY}],
            "documents": [
                {"id": f"d{n}", "type": "projet-etablissement", "file": name}
                for n, name in enumerate(written)
            ],
        }
        path = folder / "dossier.toml"
        path.write_text(as_toml(data), encoding="utf-8")
        loaded = load(path, built.registry, built.profiles)
        if loaded.dossier is None:
            return
        meant = dict(loaded.files_meant)
        root = folder.resolve()
        for name, file in meant.items():
            assert name in written
            resolved = (folder / file).resolve()
            assert resolved.is_relative_to(root), (name, file)
            assert resolved.is_file(), (name, file)


# -- a report read back from its file ---------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DOSSIERS, as_of=DATES)
def test_a_report_read_back_from_its_file_compares_as_unchanged_with_itself(data, as_of):
    """What `compare` keeps of a report it reads (reports._slim) is all it compares: the
    evaluation in memory and the same read back from its JSON file differ in nothing."""
    built = engine(as_of)
    result = evaluate(built, data)
    in_memory = report(result)
    with tempfile.TemporaryDirectory(prefix="props-report-", dir="/tmp") as folder:
        path = Path(folder, "report.json")
        with path.open("wb") as stream:
            writer = JsonWriter(stream, "national")
            writer.dossier(result)
            summary = Summary()
            summary.add(result)
            writer.close(summary)
        read = read_report(path)
    for old, new in ((in_memory, read), (read, in_memory), (read, read)):
        comparison = compare(old, new)
        assert moves(comparison) == (set(), set(), set())
        assert not comparison.worse
        assert trends(comparison) <= {(label, "same") for label, _ in trends(comparison)}
        assert [d.state for d in comparison.dossiers] == ["unchanged"]


# -- an item's number written as a criterion's ------------------------------------------------

WRITE = re.compile(r"écrire ([a-z0-9-]+:[0-9]+\.[0-9]+)")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=st.integers(0, 120), where=st.sampled_from(["self_assessment", "indicators"]))
def test_a_criterion_number_that_is_an_item_s_suggests_a_reference_that_loads(number, where):
    """« ldm:24 » asks « s'il s'agit du descripteur 24, écrire ldm:4.24 »: written so, the
    reference is valid."""
    built = engine(TODAY)

    def loaded_with(ref: str):
        data = {
            "format": 1,
            "establishment": {"uai": "0451442Y", "name": "Lycée", "kind": "lp", "sector": "public"},
            "applications": [{"label": LABEL, "type": "initial", "submitted": TODAY}],
        }
        if where == "self_assessment":
            data["self_assessment"] = [{"ref": ref}]
        else:
            data["indicators"] = [{"id": "i0", "name": "Indicateur", "supports": [ref]}]
        with tempfile.TemporaryDirectory(prefix="props-ref-", dir="/tmp") as folder:
            path = Path(folder, "dossier.toml")
            path.write_text(as_toml(data), encoding="utf-8")
            return load(path, built.registry, built.profiles)

    first = loaded_with(f"{LABEL}:{number}")
    said = [WRITE.search(e.full_message) for e in first.errors]
    for written in {m[1] for m in said if m}:
        again = loaded_with(written)
        assert not again.errors, (written, again.errors)
        assert written in REFERENTIEL.items
