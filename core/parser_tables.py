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

ply signs the grammar with the docstrings of its `p_` functions, and Python 3.13's
compiler strips their indentation, so the same grammar has two signatures: the file
holds both (the tables are the same), and each interpreter is offered its own.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import sys
import types
from importlib.resources import files
from pathlib import Path

TABLES_MODULE = "rule_engine.parser.parsetab"  # where ply looks for ready tables
TABLES_FILE = "rule-engine-tables.json"
# The signature of the docstrings as this interpreter compiles them: indented as written
# until 3.12, dedented since 3.13.
SIGNATURE = "signature_dedented" if sys.version_info >= (3, 13) else "signature"


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
                "_lr_signature": str(data[SIGNATURE]),
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
    signatures = _signatures(info, grammar)
    assert signatures[SIGNATURE] == info.signature(), "ply signs the grammar otherwise"
    return {
        "tabversion": yacc.__tabversion__,
        "method": "LALR",
        **signatures,
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


def _signatures(info, grammar: object) -> dict[str, str]:
    """ply's signature of the grammar for either form of its docstrings: as written (Python
    up to 3.12) and dedented (3.13). ply signs the start symbol, precedence and tokens, then
    each `p_` function's docstring; the written ones are read from the source, which this
    interpreter's `__doc__` may have dedented."""
    docstrings = "".join(doc for *_, doc in info.pfuncs if doc)
    signature = info.signature()
    assert signature.endswith(docstrings), "ply signs the grammar otherwise"
    head = signature[: len(signature) - len(docstrings)]
    written = _docstrings_as_written([getattr(grammar, n) for *_, n, doc in info.pfuncs if doc])
    return {
        "signature": head + "".join(written),
        "signature_dedented": head + "".join(map(dedented_as_python_3_13, written)),
    }


def _docstrings_as_written(functions: list) -> list[str]:
    """Each function's docstring as its source writes it (textwrap.dedent would change its
    lines too). Each module's source is parsed once: once per function, the tables took
    0.75 s to build, two thirds of it parsing rule-engine's parser again and again."""
    definitions: dict[tuple[str, str, int], ast.FunctionDef] = {}
    for module in {function.__module__ for function in functions}:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
        definitions |= {
            (module, node.name, node.lineno): node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
        }
    return [
        ast.get_docstring(
            definitions[(f.__module__, f.__name__, f.__code__.co_firstlineno)], clean=False
        )
        or ""
        for f in functions
    ]


def dedented_as_python_3_13(docstring: str) -> str:
    """A docstring as Python 3.13's compiler keeps it (`_PyCompile_CleanDoc`): tabs expanded,
    the first line's leading spaces removed, and from the other lines the indentation they
    share (lines of spaces alone aside). Unlike `inspect.cleandoc`, blank lines stay."""
    first, *rest = docstring.expandtabs().split("\n")
    margin = min((len(line) - len(line.lstrip(" ")) for line in rest if line.strip(" ")), default=0)
    return "\n".join(
        [first.lstrip(" "), *(line[:margin].lstrip(" ") + line[margin:] for line in rest)]
    )


def write_tables(target: Path) -> None:
    target.write_text(json.dumps(built_tables(), sort_keys=True, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python -m labelcheck.core.parser_tables: after upgrading rule-engine
    write_tables(Path(__file__).with_name(TABLES_FILE))
    print(f"wrote {Path(__file__).with_name(TABLES_FILE)}")
