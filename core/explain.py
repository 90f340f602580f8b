"""`labelcheck explain`: a rule, or a label's parameter, in full (cli-and-report 1.1).

For a rule: what it checks, its expression, the parameters it reads and their values under a
profile, its source, and the severity and nature its findings get under that profile, as
`evaluate` reports them. For a parameter (`ldm.audit_team_min`): what a profile may set it to,
its value under the profile, and the rules and steps of the échéancier that read it.

Each is described once as a dict (the JSON documents labelcheck-rule/1 and
labelcheck-parameter/1 carry it as is), then said in French from that dict. The command itself,
its arguments and its exit status, are core/cli.py's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from labelcheck.core import french
from labelcheck.core.applicability import applies_under
from labelcheck.core.cache import lazy_pattern
from labelcheck.core.engine import settled
from labelcheck.core.errors import LabelcheckError, closest
from labelcheck.core.profiles import Profile, Profiles
from labelcheck.core.registry import Registry
from labelcheck.core.ruleset import ANY_LABEL
from labelcheck.core.scopes import SCOPE_WORDS
from labelcheck.core.visible import visible

# -- a rule ----------------------------------------------------------------------------------------


def unknown_rule(rule_id: str, rule_ids: Iterable[str], registry: Registry) -> LabelcheckError:
    """No rule has this id: the closest one, and the plugins whose rules are not there. An
    equivalence's id (a report's `equivalence`, a profile's `equivalences`) is said as one,
    with what it allows and its text: « règle inconnue », with a rule's name, misled."""
    equivalence = next((e for e in registry.equivalences if e.id == rule_id), None)
    if equivalence is not None:
        return LabelcheckError(_not_a_rule(equivalence, registry))
    hint = closest(rule_id.upper(), rule_ids)
    disabled = ", ".join(french.quoted(p.name) for p in registry.broken)
    return LabelcheckError(
        french.suggestion(f"règle inconnue {french.quoted(visible(rule_id))}", hint)
        + f"{french.NNBSP}; `labelcheck rules` les liste"
        + (
            f" (les règles des plugins désactivés pour leurs erreurs, {disabled}, n'y sont pas)"
            if disabled
            else ""
        )
    )


def _not_a_rule(equivalence, registry: Registry) -> str:
    via = registry.labels.get(equivalence.via)
    return french.typeset(
        f"{french.quoted(equivalence.id)} est une équivalence, pas une règle : "
        f"{equivalence.title} ({equivalence.target}, par le label "
        f"{via.name if via else equivalence.via}) — "
        f"Source : {equivalence.source} ; `labelcheck sources` la situe parmi les exigences"
    )


def describe_rule(rule, chosen: Profile, given: str | None, registry: Registry) -> dict:
    """The rule as labelcheck-rule/1 gives it: as its file declares it, then what it is under
    `chosen`, the profile --profile named `given` (None: not given, the national one)."""
    described = _rule_fields(rule, _rule_parameters(rule, registry, chosen), registry)
    under = _under_profile(rule, chosen)
    described["under_profile"] = {
        **under,
        "applies": applies_under(rule, chosen, registry),
        **_settled_under(rule, chosen, given, under, registry),
    }
    return described


def _rule_fields(rule, parameters: list[dict], registry: Registry) -> dict:
    """The rule as its file declares it, where it is written, and its `parameters`."""
    spec = rule.spec
    source = spec.source
    return {
        "id": spec.id,
        "title": spec.title,
        "label": spec.label,
        "severity": spec.severity,
        "kind": spec.kind,
        "scope": spec.scope,
        "when": spec.when or None,
        "check": spec.check,
        "message": spec.message,
        "remedy": spec.remedy or None,
        "source": {
            "reference": str(source),
            "nature": source.nature,
            "quote": source.quote or None,
            "note": source.note or None,
            **({"academies": list(source.academies)} if source.academies else {}),
        },
        "parameters": parameters,
        "file": str(rule.file),
        "line": rule.line(registry),
        "plugin": registry.owner(str(rule.file)),
    }


def _rule_parameters(rule, registry: Registry, profile) -> list[dict]:
    """Each parameter the rule reads with its value under `profile` and who set it."""
    label = rule.spec.label
    if label not in registry.labels:  # a rule for every label reads no label's parameters
        return []
    return _parameters_named(label, rule.parameters_read, registry, profile)


def _under_profile(rule, profile) -> dict:
    """The severity the rule's findings get under `profile`, and why when it is not the one
    the rule declares (cli-and-report 1.1: only the labels' texts block by themselves)."""
    spec = rule.spec
    severity = profile.rule_severity(spec)
    reason = profile.severity_reason(spec)
    if reason is None and severity != spec.severity:
        reason = DOWNGRADED.get(spec.source.nature)
    return {"profile": profile.name, "severity": severity, "reason": reason}


def _settled_under(rule, chosen: Profile, given: str | None, under: dict, registry) -> dict:
    """The nature of the rule's findings under the profile, the profile's values of the
    parameters it reads that make them so (in words) and why they keep the rule's severity, as
    `evaluate` reports them: explain said « exigence des textes » under a profile setting the
    value a rule of the texts applies, where evaluate said « choix académique » (the French
    reader's audit)."""
    setting = None
    if given is not None and not chosen.is_national and rule.parameters_read:
        setting = Profiles(registry, given).rule_setting(
            registry, chosen, rule.spec, rule.parameters_read
        )
    _, _, nature, reason, kept = settled(rule, under["severity"], under["reason"], setting)
    return {"nature": nature, "setting": setting, "reason": reason, "severity_kept": kept}


# Why a blocking rule warns under a profile that says nothing of it, by the rule's nature.
DOWNGRADED = {
    "operational": "lecture de labelcheck là où les textes se taisent : elle ne bloque que si "
    "un profil le décide",
    "academy": "choix d'une académie : elle ne bloque que sous le profil de l'académie qui l'a "
    "décidée, qui la relève par [[severity]]",
}


def rule_text(
    rule,
    described: dict,
    profile: Profile,
    registry: Registry,
    elsewhere: Sequence[tuple[str, str]] = (),
) -> str:
    """The rule `describe_rule` described, in French, a line a property, for a school head:
    French words alone (« bloquant », « chaque candidature »), the message's `{type_name}`
    said as what fills it (« ‹type de pièce› »). The codes the rule file writes (`blocking`,
    `application`, `{type_name}`), which a plugin's or a profile's author needs, are on one
    line of their own, « pour les auteurs de plugins » (the French head's audit: « bloquant
    (blocking) », « {type_name}{aside} » read as a developer's output). `elsewhere`: the
    shipped profiles that apply a rule the profile does not, with its severity there."""
    kind_summary = getattr(
        rule.kind, "summary", ""
    )  # French; the docstring is the developers' English
    source = described["source"]
    templates = f"{described['message']} {described['remedy'] or ''}"
    lines = [
        ("label", _label_said(described["label"], registry)),
        *_severity_lines(described, profile),
        *((f"avec --profile {name}", severity) for name, severity in elsewhere),
        ("contrôle", kind_summary.rstrip(".") or described["kind"]),
        ("portée", SCOPE_WORDS.get(described["scope"], "") or described["scope"]),
        ("condition", described["when"]),
        *((f"vérifie {key}", _check_value(value)) for key, value in described["check"].items()),
        ("message", _placeholders_shown(described["message"])),
        ("à faire", described["remedy"] and _placeholders_shown(described["remedy"])),
        ("entre ‹ ›", _placeholders_said(templates)),
        *(
            (
                f"paramètre {p['name']}",
                _rule_parameter_said(p, profile.name, _unit(registry, rule.spec.label, p["name"])),
            )
            for p in described["parameters"]
        ),
        ("source", _source_under(source["reference"], described["under_profile"])),
        ("nature du texte", french.NATURES[source["nature"]]),
        (f"nature sous le profil {profile.name}", _nature_under(described)),
        (
            "choix des académies",
            ", ".join(
                f"académie {french.ACADEMIES.get(a, a)}" for a in source.get("academies", ())
            ),
        ),
        ("citation", source["quote"] and french.quoted(source["quote"])),
        ("lecture", source["note"]),
        ("fichier", _file_said(described)),
        (DEVELOPERS, _codes(described, templates)),
    ]
    shown = [(name, _prose(name, value)) for name, value in lines if value]
    width = max(len(name) for name, _ in shown)
    return "\n".join(
        [
            f"{described['id']} — {french.typeset(described['title'])}",
            *(f"  {name:<{width}}{french.NNBSP}: {value}" for name, value in shown),
        ]
    )


# The line of the codes the rule file writes, for whoever writes a plugin or a profile.
DEVELOPERS = "pour les auteurs de plugins"

# What explain shows as the rule file writes it: an expression's `??` or a checked value is
# code, which the French spaces would change.
_AS_WRITTEN = frozenset({"condition", "fichier", DEVELOPERS})


def _prose(name: str, value: str) -> str:
    """A line's value set in French, as `rules` and the reports set the same title, message,
    remedy and source: explain alone showed them with plain spaces before « : » and in « »."""
    if name in _AS_WRITTEN or name.startswith("vérifie "):
        return value
    return french.typeset(value)


def _said_then_id(said: str, identifier: str) -> str:
    """« chaque candidature (application) »: the words first, the file's identifier after."""
    return f"{said} ({identifier})" if said else identifier


def _label_said(label: str, registry: Registry) -> str:
    """« Lycée des métiers (ldm) », « tous les labels (*) »: `*` alone read as nothing."""
    if label == ANY_LABEL:
        return f"tous les labels ({ANY_LABEL})"
    spec = registry.labels.get(label)
    return _said_then_id(spec.name if spec else "", label)


def _severity_lines(described: dict, profile: Profile) -> list[tuple[str, str]]:
    """The severity its findings get under the profile first: a « bloquant » first, of a rule
    that only warns under every shipped profile, was what a head read. The severity the rule
    declares follows when it differs, as the file writes it (`blocking`)."""
    under, declared = described["under_profile"], described["severity"]
    source = described["source"]
    applies = profile.applies(source["nature"], source.get("academies", ()), described["id"])
    said = _severity_text(under, applies)
    declared_said = french.SEVERITIES[declared]
    in_profile = f"gravité sous le profil {under['profile']}"
    if under.get("applies", True) and under["severity"] == declared:
        # The profile's own [[severity]] setting the same one, or why the rule's holds there.
        reason = under["reason"]
        said_why = french.severity_set(reason, under["severity_kept"]) if reason else ""
        return [(in_profile, declared_said + (f" — {said_why}" if said_why else ""))]
    return [(in_profile, said), ("gravité écrite dans la règle", declared_said)]


def _severity_text(under: dict, nature_applies: bool) -> str:
    """`avertissement (choix d'une académie : …)` (the line names the profile); for a rule not
    applied, why: its nature (an academy's rule under national) or its condition."""
    if not under.get("applies", True):
        why = (
            "les paramètres que lui donne ce profil ne la mettent pas en œuvre"
            if nature_applies
            else "règle d'une académie\u202f: elle n'appartient qu'au profil de l'académie qui l'a décidée"
        )
        return f"non appliquée ({why})"
    said = french.SEVERITIES[under["severity"]]
    return f"{said} ({under['reason']})" if under["reason"] else said


def _source_under(reference: str, under: dict) -> str:
    """The rule's source, and the profile's values its findings rest on, as evaluate says it."""
    return french.with_setting(reference, under["setting"]) if under["setting"] else reference


def _nature_under(described: dict) -> str:
    """The nature the rule's findings get under the profile, when not its text's: "" else."""
    nature = described["under_profile"]["nature"]
    if nature == described["source"]["nature"]:
        return ""
    return french.NATURES[nature]


_PLACEHOLDER = lazy_pattern(r"\{(\w+)\}")

# What fills each `{…}` of the shipped rules' messages and remedies, in a school head's words:
# « Pièce obligatoire absente : {type_name}{aside} » read as a text not filled in. A plugin's
# own placeholder not here is shown by its name (`_placeholder_words`).
PLACEHOLDER_WORDS = {
    "action": "action attendue",
    "actual": "ce qu'enregistre le dossier",
    "adoption": "adoption de l'équivalence",
    "anchor_date": "date de référence",
    "as_of": "date d'évaluation",
    "aside": "précision éventuelle",
    "audit": "audit",
    "awarded": "date d'attribution",
    "beyond": "catégories non certifiées",
    "certified": "catégories certifiées",
    "cited": "ce qui le cite",
    "consequence": "conséquence",
    "counted": "gravités comptées",
    "criterion": "critère",
    "date": "date",
    "deadline": "échéance",
    "decided_by": "instance qui décide",
    "decision_step": "étape de la décision",
    "denomination": "dénomination",
    "due": "échéance",
    "effect": "effet",
    "end": "fin de la période",
    "expires": "date d'expiration",
    "file": "fichier",
    "first_year": "première année due",
    "fix": "correction à faire",
    "from_month": "premier mois",
    "given": "gravité donnée",
    "grade": "gravité du constat",
    "holder": "organisme titulaire",
    "id": "identifiant",
    "item": "descripteur",
    "kind": "type d'établissement",
    "kinds": "types d'établissement admis",
    "label": "label",
    "last_year": "dernière année due",
    "limit": "date limite",
    "max_length": "longueur maximale",
    "missing": "années manquantes",
    "next_audit": "prochain audit",
    "next_step": "étape suivante",
    "piece": "pièce",
    "problem": "problème relevé",
    "recorded": "ce qu'enregistre le dossier",
    "ref": "référence",
    "renewal_due_from": "début du renouvellement",
    "sector": "secteur",
    "sectors": "secteurs admis",
    "situation": "situation",
    "start": "début de la période",
    "subject": "objet du constat",
    "title": "intitulé",
    "to_month": "dernier mois",
    "todo": "ce qu'il faut faire",
    "type": "type de pièce",
    "type_name": "type de pièce",
    "via_name": "label qui vaut preuve",
    "what": "étape attendue",
}


def _placeholder_words(name: str) -> str:
    return PLACEHOLDER_WORDS.get(name) or name.replace("_", " ")


def _placeholders_shown(template: str) -> str:
    """« Pièce obligatoire absente : ‹type de pièce›‹précision éventuelle› »: each `{…}` in
    words, between the marks the line « entre ‹ › » explains."""
    return _PLACEHOLDER().sub(lambda found: f"‹{_placeholder_words(found[1])}›", template)


def _placeholders_said(templates: str) -> str:
    """What the ‹…› of the message and remedy are: left as such, they read as a text not
    filled in."""
    if not _PLACEHOLDER().search(templates):
        return ""
    return "complétés pour chaque constat, d'après le dossier et le profil"


def _codes(described: dict, templates: str) -> str:
    """The codes the rule file writes, for a plugin's or a profile's author: its severity,
    kind, scope and nature, and each placeholder by its name."""
    codes = [
        f"severity = {json.dumps(described['severity'])}",
        f"kind = {json.dumps(described['kind'])}",
        f"scope = {json.dumps(described['scope'])}",
        f"source.nature = {json.dumps(described['source']['nature'])}",
    ]
    nature = described["under_profile"]["nature"]
    if nature != described["source"]["nature"]:
        codes.append(f"nature sous le profil = {json.dumps(nature)}")
    names = dict.fromkeys(_PLACEHOLDER().findall(templates))
    codes += [f"{{{name}}} ‹{_placeholder_words(name)}›" for name in names]
    return " · ".join(codes)


def applied_elsewhere(
    rule, profile: Profile, registry: Registry, builtins: dict
) -> list[tuple[str, str]]:
    """For a rule `profile` does not apply (an academy's rule under national): each shipped
    profile that applies it, with the severity its findings get there (« avec --profile
    centre-val-de-loire-2026 : avertissement »). `explain` said « non appliquée » alone, where
    the example school of the first steps, of that academy, gets the rule as a warning."""
    if applies_under(rule, profile, registry):
        return []
    from labelcheck.core.profiles import resolve_profile

    found: list[tuple[str, str]] = []
    for name in sorted(builtins):
        if name == profile.name:
            continue
        other = resolve_profile(registry, name, builtins)
        if applies_under(rule, other, registry):
            found.append((name, french.SEVERITIES[other.rule_severity(rule.spec)]))
    return found


def _file_said(described: dict) -> str:
    """« rules.toml, ligne 20, du plugin ldm »: an absolute path inside site-packages said
    nothing a reader needs (JSON keeps it, in `file`)."""
    name = Path(described["file"]).name
    line = f", ligne {described['line']}" if described["line"] else ""
    plugin = f", du plugin {described['plugin']}" if described.get("plugin") else ""
    return f"{name}{line}{plugin}"


def _check_value(value: Any) -> str:
    """A rule's check value as a parameter's is said (« oui (true) »); one taken from the
    profile, said so."""
    if isinstance(value, dict) and set(value) == {"param"}:
        return f"le paramètre du profil {french.quoted(str(value['param']))}"
    return _parameter_value(value)


def _rule_parameter_said(parameter: dict, profile_name: str, unit: tuple[str, str] | None) -> str:
    if parameter["set_by"] == "unset":
        return f"non fixé sous le profil {profile_name}"
    value = _parameter_value(parameter["value"], unit)
    who = (
        f"choix du profil {profile_name}"
        if parameter["set_by"] == "profile"
        else "valeur par défaut du label"
    )
    return f"{value} ({who})"


# -- a label's parameter ---------------------------------------------------------------------------


def unknown_parameter(label_id: str, name: str, registry: Registry) -> LabelcheckError:
    """The label has no such parameter: the closest one, and the label's parameters."""
    names = registry.labels[label_id].parameter_specs
    return LabelcheckError(
        french.suggestion(
            f"le label {label_id} n'a pas de paramètre {french.quoted(visible(name))}",
            closest(name, names),
        )
        + f"{french.NNBSP}; paramètres du label{french.NNBSP}: "
        + ", ".join(sorted(names))
    )


def describe_parameter(
    label_id: str, name: str, chosen: Profile, compiled, registry: Registry
) -> dict:
    """`explain ldm.audit_team_min` as labelcheck-parameter/1 gives it: what a profile may set
    it to, its value under `chosen`, and what reads it among the `compiled` rules (the
    profile's author asks which rule a value changes)."""
    spec = registry.labels[label_id]
    parameter = spec.parameter_specs[name]
    [under] = _parameters_named(label_id, [name], registry, chosen)
    return {
        "label": label_id,
        "name": name,
        "type": parameter.type,
        **({"min": parameter.min, "max": parameter.max} if parameter.type == "integer" else {}),
        **({"at_most": parameter.at_most} if parameter.at_most else {}),
        "national": spec.parameters.get(name),
        "value": under["value"],
        "set_by": under["set_by"],
        "read_by": {
            "rules": [
                {"id": r.id, "title": r.spec.title}
                for r in compiled
                if r.spec.label == label_id and name in r.parameters_read
            ],
            "steps": [m.title for m in spec.milestones if name in _milestone_parameters(m)],
            "core": [CORE_PARAMETERS[name]] if name in CORE_PARAMETERS else [],
        },
    }


# The parameters labelcheck itself reads, whatever the label (core/facts.py, core/loading.py).
CORE_PARAMETERS = {
    "validity_years": "la durée de validité du label détenu (sa date d'expiration)",
    "audit_grades": "les grades que peuvent porter les constats d'un audit du label",
}


def _milestone_parameters(milestone) -> set[str]:
    """The parameters a step of the échéancier is counted by (`days = "-name"`), or from a
    date the dossier records (`recorded`)."""
    recorded = milestone.recorded.days if milestone.recorded else None
    values = (milestone.days, milestone.months, milestone.window_months, recorded)
    return {value.removeprefix("-") for value in values if isinstance(value, str)}


_PARAMETER_TYPES = {
    "integer": "nombre entier",
    "boolean": "vrai ou faux (true, false)",
    "text": "texte",
    "list": "liste de textes",
    "month-day": 'jour de l\'année, "MM-JJ" ("09-30")',
}


def parameter_text(described: dict, profile_name: str, registry: Registry) -> str:
    """The parameter `describe_parameter` described, in French: a line a property."""
    unit = _unit(registry, described["label"], described["name"])
    kind = _PARAMETER_TYPES[described["type"]]
    if "min" in described:
        kind += f", de {described['min']} à {described['max']}"
    if "at_most" in described:
        kind += f", au plus {described['label']}.{described['at_most']}"
    national = described["national"]
    read = [f"{r['id']} ({r['title']})" for r in described["read_by"]["rules"]]
    read += [f"échéancier{french.NNBSP}: {title}" for title in described["read_by"]["steps"]]
    read += described["read_by"]["core"]
    lines = [
        ("type", kind),
        (
            "valeur nationale",
            "non fixée (laissée au profil de chaque académie)"
            if national is None
            else _parameter_value(national, unit),
        ),
        (f"sous le profil {profile_name}", _value_under_profile(described, unit)),
        ("lu par", read[0] if read else "aucune règle ni étape"),
        *(("", other) for other in read[1:]),
    ]
    width = max(len(name) for name, _ in lines)
    label_name = registry.labels[described["label"]].name
    return "\n".join(
        [
            f"{described['label']}.{described['name']} — paramètre du label {label_name}",
            *(
                f"  {name:<{width}}{french.NNBSP}: {value}"
                if name
                else f"  {'':<{width}}   {value}"
                for name, value in lines
            ),
        ]
    )


def _value_under_profile(described: dict, unit: tuple[str, str] | None) -> str:
    """`3 auditeurs (choix du profil)`: the line names the profile already."""
    if described["set_by"] == "unset":
        return "non fixée"
    value = _parameter_value(described["value"], unit)
    return (
        f"{value} ({'choix du profil' if described['set_by'] == 'profile' else 'valeur nationale'})"
    )


# -- a parameter's value, for both -----------------------------------------------------------------


def _parameters_named(label: str, names: list[str], registry: Registry, profile) -> list[dict]:
    chosen = profile.labels.get(label, {})
    defaults = registry.labels[label].parameters
    values = profile.params(registry, label)
    return [
        {"name": name, "value": values.get(name), "set_by": _set_by(name, values, chosen, defaults)}
        for name in names
    ]


def _set_by(name: str, values: dict, chosen: dict, defaults: dict) -> str:
    if values.get(name) is None:  # a label's null default: left to each academy's profile
        return "unset"
    return "profile" if name in chosen else "label" if name in defaults else "unset"


def _parameter_value(value: Any, unit: tuple[str, str] | None = None) -> str:
    """A parameter's value in the reports' words (french.setting_value: « 40 caractères »,
    « 30 septembre »), then as a profile writes it where the words hide it (docs/fr,
    « chaque valeur en mots puis, entre parenthèses, telle que le fichier de règles
    l'écrit »): « oui (true) », « 30 septembre ("09-30") »; a text as written. A list as
    reports enumerate it, each code as the profile's author types it, in backticks, with its
    French: « `follow-up` (audit de suivi) et `renewal` (renouvellement) » (the plugin
    author's audit found `["local-authority", …]` shown raw where reports said it in words)."""
    if isinstance(value, list):
        return french.enumeration([french.typed_code(str(item)) for item in value]) or "aucune"
    written = json.dumps(value, ensure_ascii=False, default=str)
    said = french.setting_value(value, unit)
    if said == str(value):
        return written
    return said if written in said else f"{said} ({written})"


def _unit(registry: Registry, label: str, name: str) -> tuple[str, str] | None:
    spec = registry.labels[label].parameter_specs.get(name)
    return spec.unit if spec else None
