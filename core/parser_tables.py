"""rule-engine's parser tables, shipped with labelcheck instead of rebuilt at every start.

rule-engine builds its LALR tables with ply when it is imported (0.3 s, more
than half of a one-dossier run: bench/RECORD.md) and never saves them. ply
first looks for ready tables in the module `rule_engine.parser.parsetab` and
takes them only when their grammar signature matches. So, before rule-engine is
imported, we offer that module from `rule-engine-tables.json`, a data file of
this package made by `python -m labelcheck.core.parser_tables`.

The tables are never read from a cache on the user's disk: ply checks only the
grammar's signature, not the production names the tables map to functions, so
a cache that anyone (a CI cache restored from another branch) could edit would
be trusted to parse every rule — one edited name turned `not X` into `X`.
Shipped tables are as trusted as our code. When the installed rule-engine's
grammar is not the one they were made from, ply sees a different signature and
builds the tables itself, as before: slower, never wrong (a test says when the
shipped file needs making again).
"""

from __future__ import annotations

import json
import os
import sys
import types
from importlib.resources import files
from pathlib import Path

TABLES_MODULE = "rule_engine.parser.parsetab"  # where ply looks for ready tables
TABLES_FILE = "rule-engine-tables.json"


def import_rule_engine() -> None:
    """Import rule-engine, offering it the shipped parser tables."""
    if "rule_engine" in sys.modules:
        return
    module = _shipped_tables()
    if module is not None:
        sys.modules[TABLES_MODULE] = module
    try:
        import rule_engine  # noqa: F401 - reads the tables when their signature matches, else builds them
    finally:
        sys.modules.pop(TABLES_MODULE, None)


def _shipped_tables() -> types.ModuleType | None:
    try:
        data = json.loads(
            files("labelcheck.core").joinpath(TABLES_FILE).read_text(encoding="utf-8")
        )
        module = types.ModuleType(TABLES_MODULE)
        # The names ply's LRTable.read_table reads from a `parsetab` module.
        vars(module).update(
            {
                "_tabversion": str(data["tabversion"]),
                "_lr_method": str(data["method"]),
                "_lr_signature": str(data["signature"]),
                "_lr_action": {int(state): dict(moves) for state, moves in data["action"].items()},
                "_lr_goto": {int(state): dict(moves) for state, moves in data["goto"].items()},
                "_lr_productions": [tuple(p) for p in data["productions"]],
            }
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a broken installation: ply builds the tables
    return module


def tables_were_read() -> bool:
    """Whether ply took ready tables (it reads MiniProductions, but builds Production objects)."""
    from rule_engine._vendor.ply import yacc
    from rule_engine.engine import Rule

    productions = Rule.parser._parser.productions
    return bool(productions) and isinstance(productions[0], yacc.MiniProduction)


def built_tables() -> dict:
    """The tables of the installed rule-engine, built by ply now, with the signature ply checks."""
    from rule_engine._vendor.ply import yacc
    from rule_engine.parser import Parser

    grammar = Parser()
    # A table module that does not exist: ply builds the tables rather than reading ours.
    lr = yacc.yacc(
        module=grammar, debug=False, write_tables=False, tabmodule="labelcheck_tables_never_read"
    )
    # The same reflection as ply's yacc(module=...) makes to sign the grammar.
    reflected = {name: getattr(grammar, name) for name in dir(grammar)}
    module = sys.modules[reflected["__module__"]]
    reflected.setdefault("__file__", module.__file__)
    reflected.setdefault("__package__", module.__package__)
    info = yacc.ParserReflect(reflected, log=yacc.NullLogger())
    info.get_all()
    return {
        "tabversion": yacc.__tabversion__,
        "method": "LALR",
        "signature": info.signature(),
        "action": lr.action,
        "goto": lr.goto,
        "productions": [
            (
                p.str,
                p.name,
                p.len,
                p.func,
                os.path.basename(p.file) if p.func else None,
                p.line if p.func else None,
            )
            for p in lr.productions
        ],
    }


def write_tables(target: Path) -> None:
    target.write_text(json.dumps(built_tables(), sort_keys=True, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python -m labelcheck.core.parser_tables: after upgrading rule-engine
    write_tables(Path(__file__).with_name(TABLES_FILE))
    print(f"wrote {Path(__file__).with_name(TABLES_FILE)}")
