"""labelcheck: check the quality-label dossiers of French vocational schools.

Public modules:

- :mod:`labelcheck.plugin`: everything a label plugin needs (``hookimpl``, the loaders of
  its data files, ``RuleKind`` and its companions, the ``LabelFacts`` protocol). It is the
  only supported import for plugin authors.
- ``labelcheck`` on the command line (:mod:`labelcheck.core.cli`).

Everything else (``labelcheck.core``, ``labelcheck.rules``, ``labelcheck.plugins``) is
internal and may change between versions.
"""

__all__ = ["__version__"]
__version__: str  # read from the installed distribution when first asked for (below)


def __getattr__(name: str) -> str:
    # Lazily (PEP 562): reading the distribution's metadata is a tenth of a cold `evaluate`,
    # which never asks for the version.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("labelcheck")
    except PackageNotFoundError:  # run from a source tree that is not installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
