"""labelcheck's engine: dossier model, rule evaluation, plugin manager, reports, CLI.

The core knows no label: everything label-specific arrives through the hooks
of :mod:`labelcheck.core.hookspecs`.
"""
