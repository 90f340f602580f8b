"""Generated profiles (issue 9, "done means"): whatever a profile holds, loading it either
succeeds or raises LabelcheckError with its errors — never another exception — and the
multi-label example evaluated under a profile that loaded never raises, never ends in an
internal error and never hangs (each evaluation within a time bound).

Two generators: one of anything a TOML profile may hold (random parameters of random
types, equivalences, criteria with random expressions, severities, waivers), which
mostly fails to load, and one of plausible profiles (parameters of the right types,
well-typed conditions, some failing at run time), which mostly loads.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
import threading
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from labelcheck.core.catalog import Parameter
from labelcheck.core.engine import Engine
from labelcheck.core.errors import InputError, LabelcheckError
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult
from labelcheck.core.ruleset import load_rules

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "lycee-multilabel" / "dossier.toml"
REGISTRY = Registry.from_plugins()
LABELS = sorted(REGISTRY.labels)
RULE_IDS = sorted(rule.id for rule in load_rules(REGISTRY)[0])
EQUIVALENCES = sorted(e.id for e in REGISTRY.equivalences)
EVALUATION_BOUND = 30  # seconds for one dossier; it takes a few hundredths
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# -- what a profile may hold ---------------------------------------------------------------------

SCALARS = st.one_of(
    st.integers(-1000, 1000),
    st.integers(),
    st.booleans(),
    st.floats(),
    st.text(max_size=12),
    st.builds(
        "{:02d}-{:02d}".format, st.integers(0, 14), st.integers(0, 33)
    ),  # month-days, many impossible
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
NAMES = st.text(min_size=1, max_size=12)

ATOMS = st.one_of(
    st.sampled_from(
        [
            "application.type",
            "application.network",
            "application.level",
            "(application.level ?? 1)",
            "application.title",
            "application.categories",
            "application.categories[3]",
            "establishment.name",
            "establishment.kind",
            "params.validity_years",
            "params.audit_team_min",
            "as_of",
            "held",
            "label",
            "document_types",
            "indicator_count",
            "'initial'",
            "'training'",
            "1",
            "0",
            "2.5",
            "true",
            "null",
            '"(a+)+$"',
            '"^Lyc"',
            '"(a|aa)*"',
            "$range(10)",
            "$today",
            "$parse_float(application.type)",
            "[x for x in application.categories if x == 'vae']",
            'd"2026-01-01"',
            't"P3D"',
        ]
    ),
    st.text(max_size=8),
)
OPERATORS = (
    "==",
    "!=",
    "and",
    "or",
    "=~",
    "=~~",
    "!~",
    "in",
    "+",
    "-",
    "*",
    "/",
    "**",
    "<",
    ">=",
    "??",
)
EXPRESSIONS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(" ".join),
        inner.map("not ({})".format),
        inner.map("({})".format),
    ),
    max_leaves=6,
)

ITEMS = st.lists(
    st.fixed_dictionaries(
        {"number": st.integers(0, 60), "title": st.text(max_size=8)},
        optional={
            "applies_when": st.one_of(EXPRESSIONS, VALUES),
            "nonconformity_grade": st.one_of(NAMES, VALUES),
        },
    ),
    max_size=3,
)
CRITERIA = st.lists(
    st.fixed_dictionaries(
        {
            "label": st.one_of(st.sampled_from(LABELS), NAMES),
            "number": st.one_of(st.integers(0, 12), VALUES),
            "title": st.text(max_size=8),
        },
        optional={"items": ITEMS, "applies_when": EXPRESSIONS, "source": VALUES},
    ),
    max_size=2,
)
RULES = st.one_of(st.sampled_from(RULE_IDS), NAMES)
SEVERITIES = st.lists(
    st.fixed_dictionaries(
        {
            "rule": RULES,
            "severity": st.sampled_from(["blocking", "warning", "info", "fatal"]),
            "reason": st.text(max_size=8),
        }
    ),
    max_size=3,
)
WAIVERS = st.lists(
    st.fixed_dictionaries(
        {"rule": RULES, "reason": st.text(max_size=8)},
        optional={"expires": st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), VALUES)},
    ),
    max_size=3,
)


def parameters(label: str) -> st.SearchStrategy[dict]:
    names = (
        st.one_of(st.sampled_from(sorted(REGISTRY.labels[label].parameter_specs)), NAMES)
        if label in REGISTRY.labels
        else NAMES
    )
    return st.dictionaries(names, VALUES, max_size=4)


ANYTHING = st.fixed_dictionaries(
    {"name": st.just("fuzz"), "extends": st.one_of(st.just("national"), NAMES)},
    optional={
        "title": VALUES,
        "labels": st.sampled_from([*LABELS, "ldn"]).flatmap(
            lambda label: parameters(label).map(lambda params: {label: params})
        ),
        "equivalences": st.dictionaries(
            st.one_of(st.sampled_from(EQUIVALENCES), NAMES),
            st.one_of(st.booleans(), VALUES),
            max_size=2,
        ),
        "criteria": CRITERIA,
        "severity": SEVERITIES,
        "waivers": WAIVERS,
    },
).flatmap(
    lambda profile: st.dictionaries(NAMES, VALUES, max_size=1).map(  # perhaps an unknown key
        lambda unknown: {**unknown, **profile}
    )
)


# -- plausible profiles ---------------------------------------------------------------------------


def value_of(spec: Parameter) -> st.SearchStrategy:
    return {
        "integer": st.integers(spec.min, spec.max),
        "boolean": st.booleans(),
        "text": st.text(max_size=12),
        "list": st.lists(st.text(max_size=8), max_size=3),
        "month-day": st.builds("{:02d}-{:02d}".format, st.integers(1, 12), st.integers(1, 28)),
    }[spec.type]


def plausible_parameters(label: str) -> st.SearchStrategy[dict]:
    specs = REGISTRY.labels[label].parameter_specs
    return st.fixed_dictionaries(
        {}, optional={name: value_of(spec) for name, spec in specs.items()}
    )


CONDITIONS = st.recursive(
    st.sampled_from(
        [
            "application.network",
            "application.new_entrant",
            "application.type == 'initial'",
            "'training' in application.categories",
            "(application.level ?? 1) >= 2",
            "establishment.name =~ '^Lyc'",
            "establishment.name =~~ 'Cœur'",
            "params.validity_years > 3",
            "as_of > d'2026-01-01'",
            "held != null",
            "(application.title ?? '') =~ '.*'",
            "label == 'ldm'",
            "indicator_count > 2",
            "$parse_float(application.type) > 1",
            "application.categories[3] == 'x'",  # these fail at run time
        ]
    ),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(" ".join),
        inner.map("not ({})".format),
    ),
    max_leaves=5,
)

PLAUSIBLE = st.fixed_dictionaries(
    {
        "name": st.just("plausible"),
        "extends": st.sampled_from(["national", "centre-val-de-loire-2026"]),
    },
    optional={
        "labels": st.fixed_dictionaries(
            {}, optional={label: plausible_parameters(label) for label in LABELS}
        ),
        "equivalences": st.dictionaries(st.sampled_from(EQUIVALENCES), st.booleans()),
        "criteria": st.lists(
            st.fixed_dictionaries(
                {
                    "label": st.just("ldm"),
                    "number": st.just(9),
                    "title": st.just("Égalité"),
                    "items": st.lists(
                        st.fixed_dictionaries(
                            {
                                "number": st.integers(47, 60),
                                "title": st.just("Mixité"),
                                "applies_when": CONDITIONS,
                            }
                        ),
                        min_size=1,
                        max_size=3,
                        unique_by=lambda item: item["number"],
                    ),
                }
            ),
            max_size=1,
        ),
        "severity": st.lists(
            st.fixed_dictionaries(
                {
                    "rule": st.sampled_from(RULE_IDS),
                    "severity": st.sampled_from(["blocking", "warning", "info"]),
                    "reason": st.just("Choix académique"),
                }
            ),
            max_size=3,
            unique_by=lambda change: change["rule"],
        ),
        "waivers": st.lists(
            st.fixed_dictionaries(
                {"rule": st.sampled_from(RULE_IDS), "reason": st.just("Dérogation")},
                optional={"expires": st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))},
            ),
            max_size=3,
            unique_by=lambda waiver: waiver["rule"],
        ),
    },
)


# -- the properties ----------------------------------------------------------------------------------


@FUZZ
@given(ANYTHING)
def test_any_profile_loads_or_is_refused_with_its_errors(profile):
    judged(profile)


@FUZZ
@given(PLAUSIBLE)
def test_a_plausible_profile_loads_and_the_example_is_evaluated_under_it(profile):
    assume(judged(profile))


def judged(profile: dict) -> bool:
    """Load the profile: LabelcheckError with its errors, or an engine under which the example
    is evaluated within EVALUATION_BOUND, without an internal error. Whether it loaded."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profil.toml"
        path.write_text(toml(profile), encoding="utf-8")
        try:
            engine = Engine.create(str(path), registry=REGISTRY)
        except LabelcheckError as error:
            assert error.errors and all(
                isinstance(e, InputError) and e.message for e in error.errors
            ), str(error)
            return False
    result = within_bound(lambda: engine.evaluate_path(EXAMPLE))
    assert result.internal_error is None, result.internal_error
    # Labels evaluated, or the error of a profile expression that failed on this dossier.
    assert result.labels or [e for e in result.errors if e.message.startswith("profil ")], (
        result.errors
    )
    return True


def within_bound(evaluate) -> DossierResult:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(evaluate())
        except BaseException as error:  # noqa: BLE001 - reported below, in the test's thread
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(EVALUATION_BOUND)
    assert not thread.is_alive(), f"the evaluation took more than {EVALUATION_BOUND} s"
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


# -- TOML, written inline (no writer among the dependencies) -------------------------------------------


def toml(data: dict) -> str:
    return "".join(f"{key(k)} = {value(v)}\n" for k, v in data.items())


def key(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)


def value(item: Any) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, float):
        return (
            "nan"
            if math.isnan(item)
            else ("inf" if item > 0 else "-inf")
            if math.isinf(item)
            else repr(item)
        )
    if isinstance(item, (int, dt.date)):
        return str(item) if isinstance(item, int) else item.isoformat()
    if isinstance(item, list):
        return "[" + ", ".join(map(value, item)) + "]"
    if isinstance(item, dict):
        return "{" + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + "}"
    return json.dumps(item, ensure_ascii=False)
