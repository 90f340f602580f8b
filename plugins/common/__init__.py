"""What several labels share: document types such as `pv-ca`, and rules on any piece."""

from importlib.resources import files

from labelcheck.plugin import hookimpl, load_document_types

DATA = files(__name__)


@hookimpl
def labelcheck_document_types():
    return load_document_types(DATA / "document-types.toml")


@hookimpl
def labelcheck_rule_files():
    return [DATA / "rules.toml"]


@hookimpl
def labelcheck_requirements():
    return [DATA / "requirements.toml"]
