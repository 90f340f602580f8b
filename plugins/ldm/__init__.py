"""The Lycée des métiers label: its référentiel, rules and links are data files here."""

from importlib.resources import files

from labelcheck.plugin import hookimpl, load_equivalences, load_label

DATA = files(__name__)


@hookimpl
def labelcheck_labels():
    return [load_label(DATA / "referentiel.toml")]


@hookimpl
def labelcheck_rule_files():
    return [DATA / "rules.toml"]


@hookimpl
def labelcheck_equivalences():
    return load_equivalences(DATA / "equivalences.toml")


@hookimpl
def labelcheck_profiles():
    return [DATA / "profile-centre-val-de-loire-2026.toml"]


@hookimpl
def labelcheck_requirements():
    return [DATA / "requirements.toml"]
