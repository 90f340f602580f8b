"""The E3D label: its référentiel (axes, level requirements) and rules are data files here."""

from importlib.resources import files

from labelcheck.plugin import hookimpl, load_label

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
