"""A cache of rule-engine's parser tables, which it would otherwise rebuild at every start.

rule-engine builds its LALR tables with ply when it is imported (0.3 s, more
than half of a one-dossier run: bench/README.md) and never saves them. ply
first looks for ready tables in the module `rule_engine.parser.parsetab` and
takes them only when their grammar signature matches. So, before rule-engine
is imported, we offer that module from a JSON file in the user's cache folder;
after a build, we write the file. The cache is data, never code, and is keyed
on the installed rule-engine: a missing, stale or unreadable file only means
that ply builds the tables as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import types
from pathlib import Path

TABLES_MODULE = "rule_engine.parser.parsetab"  # where ply looks for ready tables


def import_rule_engine() -> None:
    """Import rule-engine with cached parser tables, and cache them when it had to build them."""
    if "rule_engine" in sys.modules:
        return
    stamp = _installed_stamp()
    offered = stamp is not None and _offer(stamp)
    import rule_engine  # noqa: F401 - builds (or reads) the tables

    sys.modules.pop(TABLES_MODULE, None)
    try:
        if stamp is not None and not (offered and _tables_were_read()):
            _save(stamp)
    except Exception:  # noqa: BLE001 - rule-engine's internals moved: only the cache is lost
        return


def cache_file(stamp: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "labelcheck" / f"rule-engine-tables-{stamp}.json"


def _installed_stamp() -> str | None:
    """Names the installed rule-engine (where it is, its parser file's size and date)."""
    spec = importlib.util.find_spec("rule_engine")
    if spec is None or not spec.origin:
        return None
    parser_file = Path(spec.origin).parent / "parser" / "base.py"
    try:
        status = parser_file.stat()
    except OSError:
        return None
    key = f"{parser_file}|{status.st_size}|{status.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _offer(stamp: str) -> bool:
    try:
        data = json.loads(cache_file(stamp).read_text(encoding="utf-8"))
        module = types.ModuleType(TABLES_MODULE)
        module._tabversion = str(data["tabversion"])
        module._lr_method = str(data["method"])
        module._lr_signature = str(data["signature"])
        module._lr_action = {int(state): dict(moves) for state, moves in data["action"].items()}
        module._lr_goto = {int(state): dict(moves) for state, moves in data["goto"].items()}
        module._lr_productions = [tuple(p) for p in data["productions"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    sys.modules[TABLES_MODULE] = module
    return True


def _tables_were_read() -> bool:
    """ply builds Production objects, but reads MiniProductions from ready tables."""
    from rule_engine._vendor.ply import yacc
    from rule_engine.engine import Rule

    productions = Rule.parser._parser.productions
    return bool(productions) and isinstance(productions[0], yacc.MiniProduction)


def _save(stamp: str) -> None:
    try:
        data = _built_tables()
        target = cache_file(stamp)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, target)  # atomic: a concurrent start reads the old file or the new
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next start
        return


def _built_tables() -> dict:
    """The tables rule-engine just built, with the signature ply will compare them against."""
    from rule_engine._vendor.ply import yacc
    from rule_engine.engine import Rule

    grammar = Rule.parser
    # The same reflection as ply's yacc(module=...) makes to sign the grammar.
    reflected = {name: getattr(grammar, name) for name in dir(grammar)}
    module = sys.modules[reflected["__module__"]]
    reflected.setdefault("__file__", module.__file__)
    reflected.setdefault("__package__", module.__package__)
    info = yacc.ParserReflect(reflected, log=yacc.NullLogger())
    info.get_all()
    lr = grammar._parser
    return {
        "tabversion": yacc.__tabversion__,
        "method": "LALR",
        "signature": info.signature(),
        "action": lr.action,
        "goto": lr.goto,
        "productions": [(p.str, p.name, p.len, p.func, os.path.basename(p.file) if p.func else None,
                         p.line if p.func else None) for p in lr.productions],
    }
