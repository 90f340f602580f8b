"""labelcheck: check the quality-label dossiers of French vocational schools.

Public modules:

- :mod:`labelcheck.plugin`: everything a label plugin needs (``hookimpl``, the loaders of
  its data files, ``RuleKind`` and its companions, the ``LabelFacts`` protocol). It is the
  only supported import for plugin authors.
- ``labelcheck`` on the command line (:mod:`labelcheck.core.cli`).

Everything else (``labelcheck.core``, ``labelcheck.rules``, ``labelcheck.plugins``) is
internal and may change between versions.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("labelcheck")
except PackageNotFoundError:  # run from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
