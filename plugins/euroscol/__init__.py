"""The Euroscol label: its référentiel and rules are data files here."""

from importlib.resources import files

from labelcheck.core.catalog import load_label
from labelcheck.core.hookspecs import hookimpl

DATA = files(__name__)


@hookimpl
def labelcheck_labels():
    return [load_label(DATA / "referentiel.toml")]


@hookimpl
def labelcheck_rule_files():
    return [DATA / "rules.toml"]


@hookimpl
def labelcheck_requirements():
    return [DATA / "requirements.toml"]
