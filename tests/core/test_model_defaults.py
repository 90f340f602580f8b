"""The models' default factories are cheap to build (issue 13: cold start < 0.3 s).

pydantic reads each default factory's signature when it builds a model; a builtin's, such
as `list`'s, is parsed from its text (tokenize, then ast) at each field: the 28 list fields
of a cold start were 1.9 % of its instructions. They take `dossier.new_list` instead.
"""

from __future__ import annotations

import importlib
import inspect

import pytest
from labelcheck.core.dossier import new_list
from pydantic import BaseModel

MODULES = (
    "labelcheck.core.cli",
    "labelcheck.core.engine",
    "labelcheck.core.profiles",
    "labelcheck.core.reports",
    "labelcheck.core.traceability",
    "labelcheck.rules",
)


def models() -> list[type[BaseModel]]:
    for module in MODULES:
        importlib.import_module(module)
    found, todo = [], [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("labelcheck."):
                found.append(sub)
    return found


def _parsed_from_text(factory: object) -> bool:
    """Whether inspect.signature reads the factory's signature from its text (a builtin's)."""
    return getattr(factory, "__text_signature__", None) is not None


def test_the_models_are_found():
    names = {model.__name__ for model in models()}
    assert {"Dossier", "Profile", "Requirements", "RuleSpec", "EligibilityParams"} <= names


@pytest.mark.parametrize("model", models(), ids=lambda model: model.__qualname__)
def test_no_default_factory_has_its_signature_parsed_from_text(model):
    for name, info in model.model_fields.items():
        assert not _parsed_from_text(info.default_factory), f"{model.__qualname__}.{name}"


def test_the_factory_of_lists_makes_a_new_empty_list_each_time():
    first, second = new_list(), new_list()
    assert first == second == [] and first is not second
    assert not inspect.signature(new_list).parameters


# Modules whose models' annotations stay texts (`from __future__ import annotations`): they
# name types imported only for type checkers (rules.base's Compiler, ruleset's RuleKind…), or
# are not imported by a run (reports). Their models are a fifth of those a run builds.
ANNOTATED_AS_TEXT = {
    "labelcheck.core.ruleset",
    "labelcheck.core.reports",
    "labelcheck.core.traceability",
    "labelcheck.rules.base",
}


@pytest.mark.parametrize(
    "model",
    [m for m in models() if m.__module__ not in ANNOTATED_AS_TEXT],
    ids=lambda model: model.__qualname__,
)
def test_the_models_built_at_start_have_their_annotations_as_objects(model):
    # An annotation written as a text is compiled by pydantic as the model is built, one
    # compile per field: the dossier's models and the référentiel's, the rule kinds' parameters
    # (callgrind, one dossier, bytecode cache allowed: 1.4 % of a cold start's instructions).
    texts = {
        name: a for name, a in vars(model).get("__annotations__", {}).items() if isinstance(a, str)
    }
    assert not texts, f"{model.__module__}.{model.__qualname__}: {texts}"
