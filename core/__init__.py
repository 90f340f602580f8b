"""labelcheck's engine: dossier model, rule evaluation, plugin manager, reports, CLI.

The core knows no label: everything label-specific arrives through the hooks
of :mod:`labelcheck.core.hookspecs`.
"""

from labelcheck.core.parser_tables import import_rule_engine

# First, before any module imports rule-engine: its parser tables then come from a cache.
import_rule_engine()
