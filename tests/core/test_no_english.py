"""No English and no internal word reaches a user (issue 10, item 1; docs/messages.md).

The catalogue of messages is scanned whole: every rule's title, message, remedy and
source of every installed plugin, the référentiels' criteria, items, milestones and
document types, the equivalences, the built-in profiles, the requirements' reasons,
every command's --help and the summary `explain` gives of each rule kind. Then a
battery of bad inputs is run (TOML and JSON syntax errors, an unknown profile or label,
a bad rule file, a bad profile, refused expressions) and what it prints is scanned too.

The detector is a list of English words that never occur in French prose, matched as
whole words once identifiers are set aside (text in backticks or ASCII double quotes,
dotted or underscored keys, paths, options); and a list of internal words that a school
head should never read (`seed`, a plugin's parameter names, `status =`, « choix de
labelcheck »…).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from labelcheck.core.cli import main
from labelcheck.core.context import rule_context
from labelcheck.core.engine import Engine
from labelcheck.core.errors import InputError, LabelcheckError
from labelcheck.core.expressions import ExpressionRefused, Origin, untrusted
from labelcheck.core.loading import discover, load
from labelcheck.core.profiles import builtin_profiles, resolve_profile
from labelcheck.core.registry import Registry
from labelcheck.core.ruleset import compile_rule_file, load_rules
from labelcheck.core.traceability import load_requirements

# English words that French prose never uses: the ones a French reader would notice, and the
# ones library messages are made of (tomli, json, pydantic, rule-engine, click). Left out on
# purpose: words French shares (« initial », « date », « type », « message », « note »,
# « source », « table », « section », « document », « content », « on », « or », « an », « as »).
ENGLISH_WORDS = (
    "the",
    "of",
    "and",
    "to",
    "is",
    "are",
    "was",
    "be",
    "been",
    "has",
    "have",
    "not",
    "no",
    "this",
    "that",
    "which",
    "with",
    "without",
    "from",
    "into",
    "for",
    "in",
    "at",
    "by",
    "it",
    "its",
    "see",
    "must",
    "should",
    "cannot",
    "can",
    "does",
    "doesn",
    "would",
    "could",
    "will",
    "any",
    "none",
    "only",
    "each",
    "every",
    "other",
    "after",
    "before",
    "between",
    "when",
    "where",
    "than",
    "expected",
    "expecting",
    "got",
    "invalid",
    "unknown",
    "missing",
    "already",
    "found",
    "error",
    "errors",
    "value",
    "values",
    "line",
    "column",
    "key",
    "keys",
    "file",
    "files",
    "field",
    "input",
    "syntax",
    "twice",
    "declared",
    "defined",
    "provides",
    "allowed",
    "unclosed",
    "unterminated",
    "duplicate",
    "delimiter",
    "statement",
    "character",
    "overwrite",
    "namespace",
    "property",
    "enclosed",
    "escape",
    "extra",
    "data",
    "scope",
    "kind",
    "rule",
    "rules",
    "profile",
    "parameter",
    "parameters",
    "required",
    "show",
    "exit",
    "write",
    "print",
    "list",
    "check",
    "checks",
    "dossiers'",
    "label's",
    "mismatch",
    "failed",
    "empty",
    "number",
    "string",
    "integer",
    "boolean",
)
_ENGLISH = re.compile(
    r"(?<![\w'’-])(?:" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w'’-])", re.IGNORECASE
)

# What identifiers look like: set aside before looking for English (keys, ids, paths and
# options stay as they are, docs/messages.md).
_IDENTIFIERS = re.compile(
    "|".join(
        (
            r"`[^`]*`",  # `establishment.sector`, `type = "initial"`
            r'"[^"\n]*"',  # a TOML value written as in the file
            r"https?://\S+",
            r"\{\w+\}",  # a message's placeholder, {kind}
            r"\[\[?[\w.]+\]\]?",  # [[rules]], [establishment]
            r"(?<!\w)--?[\w-]+",  # --format, -o
            r"\S*[/\\]\S*",  # a path
            r"\w+(?:\[\d+\])+(?:\.\w+(?:\[\d+\])*)*",  # criteria[0].number
            r"\w+(?:[._:#]\w+)+",  # establishment.sector, ldm:1.1, renewal_due_years
            r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b",  # a rule id as a key (LDM-AUDIT-TEAM)
        )
    )
)


def english(text: str) -> list[str]:
    """The English words of `text`, identifiers set aside."""
    return _ENGLISH.findall(_IDENTIFIERS.sub(" ", text))


# What a remedy may tell a dossier author to type, in backticks: `status = "lifted"` (docs/messages.md).
_DOSSIER_ENTRY = re.compile(r"`[\w.\[\]]+ = [^`]*`")


def _internal_words(registry: Registry) -> re.Pattern:
    parameters = sorted(
        {name for label in registry.labels.values() for name in label.parameter_specs}
        | {"validity_years", "renewal_due_years", "max_extra_criteria"}
    )  # a référentiel's own
    words = [
        r"\bseed\b",
        r"\bstatus\s*=",
        r"\btype\s*=",
        r"choix de labelcheck",
        r"exigence (?:par défaut )?de labelcheck",  # who decides, and why: not the tool
        r"labelcheck'?s choice",
        r"re-labellisation",
        *(rf"\b{re.escape(name)}\b" for name in parameters),
    ]
    return re.compile("|".join(words), re.IGNORECASE)


@pytest.fixture(scope="module")
def internal(registry) -> re.Pattern:
    return _internal_words(registry)


@pytest.fixture(scope="module")
def rules(registry):
    compiled, errors = load_rules(registry)
    assert not errors
    return compiled


def _problems(
    texts: Iterator[tuple[str, str | None]],
    internal: re.Pattern | None,
    keys_in_backticks: bool = False,
) -> list[str]:
    """What is English or internal in each text. `keys_in_backticks`: a text for the academies
    that write profiles (the traceability table) may name a profile key, in backticks."""
    problems = []
    for where, text in texts:
        if not text:
            continue
        scanned = re.sub(r"`[^`]*`", " ", text) if keys_in_backticks else text
        if where.endswith("remedy"):  # a remedy may tell the dossier author what to type
            scanned = _DOSSIER_ENTRY.sub(" ", scanned)
        found = english(text) + (internal.findall(scanned) if internal else [])
        if found:
            problems.append(f"{where}: {sorted(set(found))} in {text!r}")
    return problems


def _rule_ids(rules) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(rule.id) for rule in rules) + r")\b")


# -- the catalogue ------------------------------------------------------------------------------


def _rule_texts(rules) -> Iterator[tuple[str, str | None]]:
    for rule in rules:
        spec = rule.spec
        yield f"{spec.id} title", spec.title
        yield f"{spec.id} message", spec.message
        yield f"{spec.id} remedy", spec.remedy
        yield f"{spec.id} source.document", spec.source.document
        yield f"{spec.id} source.section", spec.source.section
        yield f"{spec.id} source.note", spec.source.note  # never the quote: the texts' own words
        for index, counted in enumerate(spec.counted or ()):
            yield f"{spec.id} counted[{index}]", counted


def _referentiel_texts(registry: Registry) -> Iterator[tuple[str, str | None]]:
    for label in registry.labels.values():
        yield f"{label.id} name", label.name
        yield f"{label.id} extra_criteria_source", label.extra_criteria_source
        for criterion in label.criteria:
            yield f"{label.id}:{criterion.number} title", criterion.title
            yield f"{label.id}:{criterion.number} source", criterion.source
            for item in criterion.items:
                yield f"{label.id}:{criterion.number}.{item.number} title", item.title
                yield f"{label.id}:{criterion.number}.{item.number} source", item.source
        for milestone in label.milestones:
            yield f"{label.id} milestone {milestone.id} title", milestone.title
            yield f"{label.id} milestone {milestone.id} source", milestone.source
    for doc_type in registry.document_types.values():
        yield f"document type {doc_type.id} title", doc_type.title
        yield f"document type {doc_type.id} source", doc_type.source
    for equivalence in registry.equivalences:
        yield f"equivalence {equivalence.id} title", equivalence.title
        yield f"equivalence {equivalence.id} source", _unquoted(equivalence.source)
        yield f"equivalence {equivalence.id} decided_by", equivalence.decided_by


def _unquoted(text: str) -> str:
    """A source less the texts' own words it quotes (« … »), which are never changed."""
    return re.sub(r"«[^»]*»", "« »", text)


def _profile_texts(registry: Registry, rule_ids) -> Iterator[tuple[str, str | None]]:
    for profile in builtin_profiles(registry, rule_ids).values():
        yield f"profile {profile.name} title", profile.title
        yield f"profile {profile.name} source", profile.source
        for change in profile.severity:
            yield f"profile {profile.name} severity {change.rule} reason", change.reason
        for waiver in profile.waivers:
            yield f"profile {profile.name} waiver {waiver.rule} reason", waiver.reason


def _requirement_texts(registry: Registry) -> Iterator[tuple[str, str | None]]:
    for resource in registry.requirement_files():
        requirements = load_requirements(resource)
        for document in requirements.documents:
            yield f"{resource.name} document {document.id} title", _unquoted(document.title)
        for requirement in requirements.requirements:
            yield f"requirement {requirement.id} section", _unquoted(requirement.section)
            yield f"requirement {requirement.id} reason", _unquoted(requirement.reason or "")


def test_no_rule_speaks_english_or_internal_words(rules, internal):
    assert _problems(_rule_texts(rules), internal) == []


# What a remedy must not leave in its prose, outside backticks: a dossier entry (`level = 1`),
# a dossier key (`supports`, `corrective_action`, « l'auditeur référent (clé lead) »), a
# document type's id (« Joindre la pièce (pv-ca) », « type plaquette »). Tables of the dossier
# ([[held]]) may be named in prose, and a placeholder ({ref}) is replaced by French words or a
# criterion ref.
_KEY_IN_PROSE = re.compile(
    r"\b\w+ = |\b[a-z]+_[a-z_]+\b|\(\{type\}\)|\btype [a-z]+(?:-[a-z]+)*\b"
    r"|\b(?:supports|submitted|awarded|expires|holder|raised|status|ref|owner|due|lead)\b"
)


def _remedy_prose(remedy: str) -> str:
    """A remedy without what it may hold: code in backticks, placeholders other than {type}."""
    return re.sub(r"\{(?!type\})\w+\}", " ", re.sub(r"`[^`]*`", " ", remedy))


def test_remedies_write_dossier_keys_in_backticks(rules):
    """docs/messages.md: no code fragments in prose; a remedy may tell the dossier author what
    to type, in backticks, after prose that says it. A school head reads « Joindre la pièce au
    dossier (`type = "pv-ca"`) », not « Joindre la pièce (pv-ca) au dossier »."""
    problems = [
        f"{rule.spec.id}: {_KEY_IN_PROSE.findall(prose)} in {rule.spec.remedy!r}"
        for rule in rules
        if rule.spec.remedy and _KEY_IN_PROSE.search(prose := _remedy_prose(rule.spec.remedy))
    ]
    assert problems == []


def test_messages_and_titles_hold_no_code(rules):
    """docs/messages.md: no code fragments in prose, the one exception a remedy telling the
    dossier author what to type. A message is the « Constat » a school head reads, and the
    reports set code apart in remedies only: « le titulaire (`holder`) » showed its
    backticks in the HTML and PDF reports."""
    coded = [
        f"{rule.spec.id} {part}: {text!r}"
        for rule in rules
        for part, text in (("message", rule.spec.message), ("title", rule.spec.title))
        if text and "`" in text
    ]
    assert coded == []


def test_no_rule_writes_a_plural_in_brackets(rules):
    """docs/messages.md: never « erreur(s) » (the French audit: « Référent(s) EDD
    désigné(s) »); a quote of a text is the text's own."""
    bracketed = [
        f"{rule.spec.id} {part}: {text!r}"
        for rule in rules
        for part, text in (
            ("title", rule.spec.title),
            ("message", rule.spec.message),
            ("remedy", rule.spec.remedy),
        )
        if text and re.search(r"\w\(s\)", text)
    ]
    assert bracketed == []


def test_no_rule_id_in_the_prose_a_school_head_reads(registry, rules):
    """Rules and référentiels speak in words; the traceability table (`sources`), which maps
    the texts to the rules, alone names rule ids."""
    ids = _rule_ids(rules)
    texts = [*_rule_texts(rules), *_referentiel_texts(registry)]
    prose = ((where, text) for where, text in texts if "source.section" not in where)
    named = [f"{where}: {text!r}" for where, text in prose if text and ids.search(text)]
    assert named == []


def test_no_referentiel_text_speaks_english_or_internal_words(registry, internal):
    assert _problems(_referentiel_texts(registry), internal) == []


def test_no_builtin_profile_speaks_english_or_internal_words(registry, rules, internal):
    assert _problems(_profile_texts(registry, {r.id for r in rules}), internal) == []


def test_no_requirement_reason_speaks_english_or_internal_words(registry, internal):
    assert _problems(_requirement_texts(registry), internal, keys_in_backticks=True) == []


def test_every_rule_kind_has_a_french_summary(registry):
    summaries = {name: getattr(kind, "summary", "") for name, kind in registry.rule_kinds.items()}
    assert all(summaries.values()), [name for name, summary in summaries.items() if not summary]
    assert _problems(((f"kind {name}", s) for name, s in summaries.items()), None) == []


# -- what the commands print ---------------------------------------------------------------------

COMMANDS = ("evaluate", "labels", "rules", "explain", "sources", "schema", "init")


def _help_prose(text: str) -> str:
    """--help less what stays as typed: option names, metavars, choices, defaults."""
    text = re.sub(r"(?m)^Utilisation.*$", " ", text)  # the usage line: commands as typed
    text = re.sub(rf"(?m)^\s+(?:{'|'.join(COMMANDS)})\b", " ", text)  # the list of commands
    text = re.sub(r"\[[^\]\n]*\|[^\]\n]*\]", " ", text)  # [text|json]
    text = re.sub(r"défaut\s*:\s*\S+", "défaut", text)  # par défaut : text
    text = re.sub(r"\b[A-Z][A-Z0-9_|/.]+\b(?:\.\.\.)?", " ", text)  # CHEMINS..., NOM|FICHIER
    text = re.sub(
        r"\b(?:blocking|warning|never|text|json|jsonl|junit|markdown|html|pdf)\b", " ", text
    )
    return text


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_is_french(command, internal):
    result = CliRunner().invoke(main, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert (
        _problems([(f"{command or 'labelcheck'} --help", _help_prose(result.output))], internal)
        == []
    )


def test_timeout_default_is_written_as_a_whole_number():
    result = CliRunner().invoke(main, ["evaluate", "--help"])
    assert "60.0" not in result.output


def test_explain_of_one_rule_per_kind_is_french(rules):
    one_per_kind = {rule.spec.kind: rule.id for rule in rules}
    for kind, rule_id in sorted(one_per_kind.items()):
        result = CliRunner().invoke(main, ["explain", rule_id])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        line = next(line for line in lines if line.strip().startswith("contrôle"))
        summary = line.split(":", 1)[-1]  # its words alone; the kind on the developers' line
        assert not english(summary) and kind not in summary, (kind, line)
        assert f'kind = "{kind}"' in lines[-1] and "pour les auteurs de plugins" in lines[-1]


@pytest.mark.parametrize("command", ["labels", "rules", "sources", "sources --format markdown"])
def test_listings_are_french(command):
    result = CliRunner().invoke(main, command.split())
    assert result.exit_code == 0, result.output
    # `sources` quotes the texts (« … »): their own words, never changed.
    assert _problems([(command, _unquoted(result.output))], None) == []


def test_explain_is_french_for_every_rule(rules):
    """What `explain` writes of each rule, less the lines that show it as written (its
    condition, its checks, its file, the codes for plugin authors) and the texts' own words."""
    as_written = ("vérifie ", "condition", "fichier", "citation", "pour les auteurs de plugins")
    for rule in rules:
        result = CliRunner().invoke(main, ["explain", rule.id])
        lines = [
            line for line in result.output.splitlines() if not line.strip().startswith(as_written)
        ]
        assert _problems([(rule.id, _unquoted("\n".join(lines)))], None) == []


# -- a battery of bad inputs ---------------------------------------------------------------------

TOML_SYNTAX = {
    "no equals sign": 'format = 1\n[establishment]\nname "Lycée"\n',
    "value without quotes": "format = 1\n[establishment]\nname = Lycée\n",
    "unclosed array": 'format = 1\nlabels = ["ldm", "e3d"\n',
    "unterminated string": 'format = 1\n[establishment]\nname = "Lycée\n',
    "table twice": "format = 1\n[establishment]\n[establishment]\n",
    "key twice": "format = 1\nformat = 2\n",
    "two statements on a line": "format = 1 labels = []\n",
    "bad date": "format = 1\n[[held]]\nawarded = 2024-13-45\n",
    "unclosed header": "format = 1\n[establishment\n",
    "unclosed inline table": "format = 1\nestablishment = { name = 1\n",
    "bad key": "format = 1\n= 2\n",
    "bad escape": 'format = 1\nname = "a\\q"\n',
    "control character": 'format = 1\nname = "a\x01"\n',
    "unclosed multi-line string": 'format = 1\nname = """abc\n',
}

JSON_SYNTAX = {
    "missing comma": '{"format": 1\n "labels": []}',
    "trailing comma": '{"format": 1,\n}',
    "missing value": '{"format": }',
    "unquoted key": "{format: 1}",
    "missing colon": '{"format" 1}',
    "unterminated string": '{"format": "abc',
    "extra data": '{"format": 1} {}',
    "bad escape": '{"format": "\\q"}',
    "control character": '{"format": "a\x01"}',
    "empty file": "",
}


def _load_errors(tmp_path: Path, engine: Engine, name: str, text: str) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    errors = load(path, engine.registry, engine.profile).errors
    assert errors
    return [str(error) for error in errors]


@pytest.mark.parametrize("case", sorted(TOML_SYNTAX))
def test_toml_syntax_errors_are_french(case, tmp_path, engine):
    errors = _load_errors(tmp_path, engine(), "dossier.toml", TOML_SYNTAX[case])
    assert _problems(((case, _user_text(e)) for e in errors), None) == []
    # The syntax error has its line (a date written wrong comes with the file's other errors,
    # a missing key among them, which has none).
    assert any(re.match(r".*dossier\.toml:\d+: ", e) for e in errors), errors


@pytest.mark.parametrize("case", sorted(JSON_SYNTAX))
def test_json_syntax_errors_are_french(case, tmp_path, engine):
    errors = _load_errors(tmp_path, engine(), "dossier.json", JSON_SYNTAX[case])
    assert _problems(((case, _user_text(e)) for e in errors), None) == []
    assert all(re.match(r".*dossier\.json:\d+: ", e) for e in errors), errors


def _user_text(message: str) -> str:
    """A message less its place (`file:line: key:`) and the values the user wrote, which it
    quotes (« foo »)."""
    message = re.sub(r"(?m)^\s*\S+:\d+:(?: [\w.\[\]-]+:)? ", "", message)
    return re.sub(r"«[^»]*»", "« »", message)


def test_paths_without_a_dossier_are_french(tmp_path):
    (tmp_path / "vide").mkdir()
    errors = [
        e
        for e in discover([tmp_path / "nulle-part", tmp_path / "vide"])
        if isinstance(e, InputError)
    ]
    assert len(errors) == 2
    assert _problems(((e.file, e.full_message) for e in errors), None) == []


def _stderr_of(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    return result.stderr


def test_unknown_profile_is_french():
    assert (
        _problems(
            [
                (
                    "--profile",
                    _user_text(_stderr_of("evaluate", "--profile", "nationnal", "examples")),
                )
            ],
            None,
        )
        == []
    )


def test_unknown_label_is_french(registry):
    assert (
        _problems(
            [("--label", _user_text(_stderr_of("evaluate", "--label", "ldn", "examples")))], None
        )
        == []
    )
    with pytest.raises(LabelcheckError) as raised:
        Engine.create(labels=["ldn"], registry=registry)
    assert _problems([("Engine.create", _user_text(str(raised.value)))], None) == []
    assert "ldm" in str(raised.value)  # the labels one may give


PROFILE_FILES = {
    "syntax": "name = 'x'\nextends =\n",
    "unknown key": 'name = "x"\ntitel = "y"\n',
    "wrong type": "name = 1\n",
    "unknown label": 'name = "x"\n[labels.ldn]\naudit_team_min = 3\n',
    "unknown parameter": 'name = "x"\n[labels.ldm]\naudit_team = 3\n',
    "parameter out of range": 'name = "x"\n[labels.ldm]\naudit_team_min = "trois"\n',
    "unknown equivalence": 'name = "x"\n[equivalences]\neuroscol-ldm-7 = true\n',
    "extends unknown": 'name = "x"\nextends = "nationnal"\n',
    "waiver of no rule": 'name = "x"\n[[waivers]]\nrule = "LDM-NOPE"\nreason = "r"\n',
    "bad severity": 'name = "x"\n[[severity]]\nrule = "LDM-AUDIT-TEAM"\nseverity = "fatal"\nreason = "r"\n',
    "criterion of an unknown label": 'name = "x"\n[[criteria]]\nlabel = "ldn"\nnumber = 9\ntitle = "t"\n',
    "criterion already there": 'name = "x"\n[[criteria]]\nlabel = "ldm"\nnumber = 1\ntitle = "t"\n',
    "too many criteria": 'name = "x"\n[[criteria]]\nlabel = "eduform"\nnumber = 99\ntitle = "t"\n',
    "bad condition": 'name = "x"\n[[criteria]]\nlabel = "ldm"\nnumber = 9\ntitle = "t"\n'
    '[[criteria.items]]\nnumber = 1\ntitle = "t"\napplies_when = "nonexistent == 1"\n',
}


@pytest.mark.parametrize("case", sorted(PROFILE_FILES))
def test_profile_file_errors_are_french(case, tmp_path, registry, rules):
    path = tmp_path / "profil.toml"
    path.write_text(PROFILE_FILES[case], encoding="utf-8")
    with pytest.raises(LabelcheckError) as raised:
        resolve_profile(registry, str(path), rule_ids={r.id for r in rules})
    texts = [str(raised.value), *map(str, raised.value.errors)]
    assert _problems(((case, _user_text(t.replace(str(tmp_path), ""))) for t in texts), None) == []


RULE_FILES = {
    "syntax": 'label = "ldm"\n[[rules]\n',
    "unknown label": 'label = "ldn"\n',
    "unknown key": 'label = "ldm"\nrulez = []\n',
    "missing fields": 'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\n',
    "bad id and severity": (
        'label = "ldm"\n[[rules]]\nid = "ldm-x"\ntitle = "t"\nseverity = "fatal"\nkind = "expression"\n'
        'scope = "application"\nmessage = "m"\nsource = { document = "d", section = "s" }\n'
    ),
    "unknown kind": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "expresion"\n'
        'scope = "application"\nmessage = "m"\nsource = { document = "d", section = "s" }\n'
    ),
    "kind on a wrong scope, unknown placeholder, unknown check key": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "open-nonconformity"\n'
        'scope = "document"\nmessage = "m {nope}"\ncheck = { nope = 1 }\n'
        'source = { document = "d", section = "s" }\n'
    ),
    "bad expressions": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "expression"\n'
        'scope = "application"\nmessage = "m"\nwhen = "type == "\ncheck = { expression = "nothing_here > 1" }\n'
        'source = { document = "d", section = "s" }\n'
    ),
    "unknown document type": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "required-document"\n'
        'scope = "application"\nmessage = "m"\ncheck = { types = ["pv-cq"] }\n'
        'source = { document = "d", section = "s" }\n'
    ),
    "a date the scope has not": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "date-window"\n'
        'scope = "audit"\nmessage = "m"\ncheck = { date = "audit", from_months = 1, to_months = 2 }\n'
        'source = { document = "d", section = "s" }\n'
    ),
    "a deciding parameter on an operational rule, of another type": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "expression"\n'
        'scope = "application"\nmessage = "m"\ncheck = { expression = "application.network" }\n'
        'source = { document = "d", section = "s", nature = "operational", '
        'decided_by_parameter = "validity_years" }\n'
    ),
    "a deciding parameter on a rule of every label": (
        'label = "*"\n[[rules]]\nid = "ALL-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "expression"\n'
        'scope = "application"\nmessage = "m"\ncheck = { expression = "application.network" }\n'
        'source = { document = "d", section = "s", nature = "academy", '
        'decided_by_parameter = "lead_required" }\n'
    ),
    "type mismatch": (
        'label = "ldm"\n[[rules]]\nid = "LDM-X-Y"\ntitle = "t"\nseverity = "warning"\nkind = "expression"\n'
        'scope = "application"\nmessage = "m"\ncheck = { expression = "application.type + 1 > 2" }\n'
        'source = { document = "d", section = "s" }\n'
    ),
}


@pytest.mark.parametrize("case", sorted(RULE_FILES))
def test_rule_file_errors_are_french(case, registry):
    compiled, errors = compile_rule_file(registry, "regles.toml", RULE_FILES[case])
    assert errors and not compiled
    assert _problems(((case, _user_text(str(e))) for e in errors), None) == []


def test_a_rule_id_defined_twice_is_french(registry, monkeypatch):
    files = registry.rule_files()
    monkeypatch.setattr(Registry, "rule_files", lambda self: [*files, files[0]])
    _rules, errors = load_rules(registry)
    assert errors
    assert _problems(((e.path, str(e)) for e in errors[:3]), None) == []


EXPRESSIONS = {
    "too long": "type == 'initial' and " * 200 + "true",
    "too deep": "(application.network and " * 40 + "true" + ")" * 40,
    "forbidden symbol": "$now > as_of",
    "catastrophic regex": "establishment.name =~ '(a+)+$'",
    "syntax": "type ==",
    "unknown symbol": "typo == 'initial'",
    "type mismatch": "type + 1 > 2",
}


@pytest.mark.parametrize("case", sorted(EXPRESSIONS))
def test_refused_expressions_are_french(case, registry):
    context = rule_context(
        "application",
        registry.labels["ldm"].parameters,
        "ldm",
        registry.labels["ldm"].parameter_types,
    )
    with pytest.raises(ExpressionRefused) as refused:
        untrusted(
            EXPRESSIONS[case],
            context,
            Origin("profil.toml", 3, "criteria[0].items[0].applies_when"),
        )
    message = re.sub(r"«[^»]*»", "« »", refused.value.message)
    assert _problems([(case, message)], None) == []


# -- the detector itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Expected '=' after a key in a key/value pair",
        "Expecting ',' delimiter",
        "unknown label 'foo'",
        "rule LDM-X: Field required",
        "profile 'x' extends unknown profile 'y'",
        "Invalid value",
    ],
)
def test_the_detector_catches_english(text):
    assert english(text)


@pytest.mark.parametrize(
    "text",
    [
        "clé inconnue « foo » ; clés possibles : a, b",
        "erreur de syntaxe TOML : « = » attendu après une clé",
        "la dernière année de validité, retenue ici comme période de renouvellement, est une lecture opérationnelle",
        'dans le dossier, `type = "initial"`',
        "establishment.sector : valeur non reconnue",
        "à faire avant l'audit initial ; un texte de la note en source",
    ],
)
def test_the_detector_lets_french_through(text):
    assert not english(text)


def test_the_detector_catches_internal_words(registry):
    internal = _internal_words(registry)
    for text in (
        "(renewal_due_years = 1)",
        "choix de labelcheck",
        "une action par axe est l'exigence par défaut de labelcheck",
        'status = "lifted"',
        '(type = "renewal")',
        "re-labellisation",
        "seed 004",
    ):
        assert internal.search(text), text


# -- the reports themselves --------------------------------------------------------------------

EXAMPLES = Path(__file__).parents[2] / "examples"


def _report_lines(fmt: str, details: bool) -> Iterator[tuple[str, str | None]]:
    """Each line a person reads in the examples' human reports, the dossiers' own words
    (titles, names, quotes of the texts) left in: they are French too."""
    args = ["evaluate", str(EXAMPLES), "--as-of", "2026-12-02", "--format", fmt] + (
        ["--details"] if details else []
    )
    output = CliRunner().invoke(main, args).stdout
    if (
        fmt == "html"
    ):  # its text, without the style sheet, the markup and the attributes; code as in Markdown
        output = re.sub(
            r"</?code>", "`", re.sub(r"<style[^>]*>.*?</style>", "", output, flags=re.DOTALL)
        )
        output = html.unescape(re.sub(r"<[^>]+>", "\n", output))
    elif fmt == "markdown":  # a trend chart's inline SVG: its words, not its markup
        output = re.sub(
            r"<svg .*?</svg>",
            lambda chart: " ".join(re.findall(r">([^<]+)<", chart.group())),
            output,
        )
    for number, line in enumerate(output.splitlines(), 1):
        yield f"{fmt}{' --details' if details else ''}, line {number}", line.replace("\u202f", " ")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("details", [False, True])
def test_the_human_reports_are_french_and_free_of_internal_words(fmt, details, internal, rules):
    """What the school head reads. Remedies may name the dossier key to write, in backticks;
    rule ids appear only with --details (« règle LDM-… »), for whoever looks one up."""
    lines = [
        (where, _DOSSIER_ENTRY.sub(" ", re.sub(r"\\`", "`", line or "")))
        for where, line in _report_lines(fmt, details)
    ]
    assert _problems(iter(lines), internal) == []
    if not details:
        ids = _rule_ids(rules)
        assert [line for _, line in lines if ids.search(line or "")] == []
