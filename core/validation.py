"""Checks across the entries of a dossier: ids, references, label keys, files.

They run on the raw data (whatever its shape), beside the model's own
validation, so that one run reports every error of a dossier at once.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any, get_args

from labelcheck.core.cache import ByIdentity, lazy_pattern
from labelcheck.core.catalog import DossierKey, KeyEntry, LabelSpec
from labelcheck.core.countries import countries
from labelcheck.core.dossier import (
    ENTRY_MODELS,
    ID_PATTERN,
    Application,
    ApplicationType,
    Dossier,
    Held,
)
from labelcheck.core.dossier_words import closest_or_meant
from labelcheck.core.errors import (
    ESCAPES,
    Suggestions,
    closest,
    listing,
    natural_order,
    os_reason,
    path_as_typed,
    unrecognised,
)
from labelcheck.core.errors import Path as KeyPath
from labelcheck.core.french import (
    GRADES,
    NNBSP,
    code_meant,
    glossed,
    person,
    quoted,
    typeset,
    unaccented,
    words,
)
from labelcheck.core.profiles import Profile
from labelcheck.core.refs import criterion_of, label_of, number_in
from labelcheck.core.registry import Registry
from labelcheck.core.toml import toml_text
from labelcheck.core.visible import visible

# Keys of `held` and `applications` every label accepts; the others are per label.
# `holder` is every label's (dossier format: « who holds it when not the establishment itself »).
COMMON_HELD_KEYS = {"label", "awarded", "expires", "holder"}
COMMON_APPLICATION_KEYS = {"label", "type", "submitted", "audit"}
ID_KINDS = ("documents", "indicators", "actions", "partners", "nonconformities")


@dataclass
class Problem:
    path: KeyPath
    message: str
    suggestion: str | None = None


def ungraded_finding(label: str) -> str:
    """What a finding of an audit whose label (by its name) grades none is told, wherever it
    is found."""
    return typeset(
        f"les audits du label {label} n'ont pas de constats notés dans les textes nationaux (un "
        "profil académique peut en définir : audit_grades) : retirer ce constat, ou le garder "
        "dans le rapport d'audit joint en pièce"
    )


@dataclass
class DossierChecks:
    registry: Registry
    profile: Profile
    folder: Path
    suggestions: Suggestions = field(
        default_factory=Suggestions
    )  # the file's, shared with its model errors
    problems: list[Problem] = field(default_factory=list)
    missing_files: set[str] = field(default_factory=set)
    # For a missing file, the dossier's file it likely names (« Pieces/Projet.PDF » for
    # pieces/projet.pdf): the finding says which, not « introuvable » alone.
    files_meant: dict[str, str] = field(default_factory=dict)
    # Where a required key lies that the dossier misspelt (`held[0].awarded` for `awardd`):
    # its unknown key is said with the suggestion, the model's « absente » is not said too.
    misspelt: set[tuple] = field(default_factory=set)
    _folders: dict[Path, _Names] = field(default_factory=dict)  # each listed once

    def run(self, data: dict[str, Any]) -> DossierChecks:
        tables = _Tables(data)
        for check in (
            self._ids,
            self._labels,
            self._declared_keys,
            self._references,
            self._document_types,
            self._grades,
            self._audit_types,
            self._decisions,
            self._countries,
            self._files,
        ):
            check(tables)
        return self

    def problem(self, path: KeyPath, message: str, suggestion: str | None = None) -> None:
        self.problems.append(Problem(path, message, suggestion))

    # -- ids ------------------------------------------------------------------

    def _ids(self, tables: _Tables) -> None:
        ids = {kind: self._unique_ids(tables, kind) for kind in ID_KINDS}
        self._pieces_unique_in_the_dossier(tables, ids)
        evidence = ids["documents"] | ids["indicators"] | ids["actions"] | ids["partners"]
        self._must_exist(tables, "actions", "indicators", ids["indicators"], "les indicateurs")
        self._must_exist(
            tables,
            "self_assessment",
            "evidence",
            evidence,
            "les pièces, indicateurs, actions et partenaires",
        )
        for index, partner in tables["partners"]:
            agreement = partner.get("agreement")
            if (
                isinstance(agreement, str)
                and agreement not in ids["documents"]
                and not _told_by_the_model(agreement, ids["documents"])
            ):
                self.problem(
                    ("partners", index, "agreement"),
                    f"identifiant {quoted(agreement)} introuvable parmi les pièces (documents)",
                    self.suggestions.closest(agreement, ids["documents"]),
                )
        for index, audit in tables["audits"]:
            given = audit.get("auditors")
            # The names alone: an auditor given as another type has its own error already.
            auditors = [a for a in given if isinstance(a, str)] if isinstance(given, list) else []
            lead = audit.get("lead")
            # Names compared as the audit-team rule and campaign compare them: « A.\u00a0Martin »
            # and « a. martin » are « A. Martin » (an error saying the lead is not among two
            # names that read the same told the school nothing).
            # A blank lead is the model's error alone (« texte non vide attendu »).
            if (
                isinstance(lead, str)
                and lead.strip()
                and person(lead) not in {person(a) for a in auditors}
            ):
                self.problem(
                    ("audits", index, "lead"),
                    f"le responsable {quoted(visible(lead))} n'est pas parmi les auditeurs "
                    f"({', '.join(map(visible, auditors)) or 'aucun indiqué'})",
                    self.suggestions.closest(lead, auditors),
                )

    def _unique_ids(self, tables: _Tables, kind: str) -> set[str]:
        """The ids of `kind`'s entries, each one given twice a problem."""
        given = [i for entry in tables.entries(kind) if isinstance(i := entry.get("id"), str)]
        unique = set(given)
        if len(unique) == len(given):  # none twice: no entry's index to keep
            return unique
        seen: dict[str, int] = {}
        for index, entry in tables[kind]:
            entry_id = entry.get("id")
            if not isinstance(entry_id, str):
                continue
            if entry_id in seen:
                self.problem(
                    (kind, index, "id"),
                    f"identifiant {quoted(entry_id)} déjà pris par {kind}[{seen[entry_id]}]{NNBSP}: "
                    "donner un id différent",
                )
            seen.setdefault(entry_id, index)
        return set(seen)

    def _pieces_unique_in_the_dossier(self, tables: _Tables, ids: dict[str, set[str]]) -> None:
        """A piece's id is « unique in the dossier » (dossier-format), not only among the pieces:
        one shared with an indicator or an action made a self-assessment line citing it name
        both, and the criteria list one id for two pieces of evidence (the format audit)."""
        others = [kind for kind in ID_KINDS if kind != "documents"]
        if not any(ids["documents"] & ids[kind] for kind in others):  # most dossiers: at once
            return
        first: dict[str, str] = {}  # each id's first entry of another kind
        for kind in others:
            for index, entry in tables[kind]:
                if isinstance(entry_id := entry.get("id"), str):
                    first.setdefault(entry_id, f"{kind}[{index}]")
        for index, entry in tables["documents"]:
            entry_id = entry.get("id")
            if isinstance(entry_id, str) and entry_id in first:
                self.problem(
                    ("documents", index, "id"),
                    f"identifiant {quoted(entry_id)} déjà pris par {first[entry_id]}{NNBSP}: "
                    f"l'identifiant d'une pièce est unique dans tout le dossier{NNBSP}; donner "
                    "un id différent",
                )

    def _must_exist(self, tables: _Tables, kind: str, key: str, known: set[str], what: str) -> None:
        if _all_among(_listed(tables.entries(kind), key), known):
            return
        for index, entry in tables[kind]:
            for position, ref in _strings(entry.get(key)):
                if ref not in known and not _told_by_the_model(ref, known):
                    self.problem(
                        (kind, index, key, position),
                        f"identifiant {quoted(ref)} introuvable parmi {what}",
                        self.suggestions.closest(ref, known),
                    )

    # -- labels and their own keys --------------------------------------------

    def _labels(self, tables: _Tables) -> None:
        labels = self.registry.labels
        applied: dict[str, int] = {}
        kinds: tuple[tuple[str, set[str] | None, str], ...] = (
            ("held", COMMON_HELD_KEYS, _OWN_KEYS["held"]),
            ("applications", COMMON_APPLICATION_KEYS, _OWN_KEYS["applications"]),
            ("audits", None, ""),
        )
        for kind, common, own_keys in kinds:
            for index, entry in tables[kind]:
                label = entry.get("label")
                if not isinstance(label, str):
                    continue
                if label in self.registry.set_aside.labels:
                    continue  # not evaluated, its plugin's error said once for the run
                if label not in labels:
                    message, hint = self.suggestions.message(
                        f"label inconnu {quoted(label)}{_label_of_disabled(self.registry)}",
                        label,
                        labels,
                    )
                    hint = label_named(label, labels) or hint
                    self.problem((kind, index, "label"), message, hint)
                    continue
                spec = labels[label]
                if common is not None:
                    own = getattr(spec, own_keys)  # no set made per entry: 4 µs a dossier
                    for key in entry:  # _ALL_LABEL_KEYS[kind] holds none of the common keys
                        if key in _ALL_LABEL_KEYS[kind] and key not in own:
                            owners = [
                                lid for lid, s in labels.items() if key in getattr(s, own_keys)
                            ]
                            self.problem(
                                (kind, index, key),
                                f"la clé {quoted(key)} ne s'applique pas au label {label}"
                                + (
                                    f" (elle sert à{NNBSP}: {', '.join(sorted(owners))})"
                                    if owners
                                    else ""
                                ),
                            )
                if kind == "applications":
                    if label in applied:
                        self.problem(
                            (kind, index, "label"),
                            f"deuxième candidature au label {label}{NNBSP}: "
                            f"applications[{applied[label]}] en est déjà une (une seule par label)",
                        )
                    applied.setdefault(label, index)
                given = entry.get("type")
                if kind != "held" and isinstance(given, str) and _unknown_to(spec, given):
                    self.problem((kind, index, "type"), *type_not_of(spec, given, self.suggestions))

    # -- keys the labels add ------------------------------------------------------

    def _declared_keys(self, tables: _Tables) -> None:
        """Keys beyond the format's in the entries labels may extend: each must be one an
        installed label declares (for an application or award, that entry's label), of its type."""
        labels = self.registry.labels
        establishment = tables.data.get("establishment")
        if isinstance(establishment, dict) and _beyond_model("establishment", establishment):
            declared = {
                key: spec
                for label in labels.values()
                for key, spec in label.new_keys.get("establishment", {}).items()
            }
            unchecked = set(self._disabled_keys("establishment"))
            self._entry_keys(
                ("establishment",),
                {k: v for k, v in establishment.items() if k not in unchecked},
                "establishment",
                declared,
                {},
            )
        kinds: tuple[KeyEntry, ...] = ("held", "applications")
        for kind in kinds:
            others: dict[str, str] | None = None  # made once per kind, if an entry needs it
            for index, entry in tables[kind]:
                named = entry.get("label")  # a text if the model took it; a list, a table…
                if isinstance(named, str) and named in self.registry.set_aside.labels:
                    continue  # its keys are its plugin's, which did not load
                if not _beyond_model(kind, entry):
                    continue
                if others is None:
                    others = self._label_keys(kind)
                label = labels.get(named) if isinstance(named, str) else None
                own = label.new_keys.get(kind, {}) if label else {}
                written = named if isinstance(named, str) else None
                self._entry_keys((kind, index), entry, kind, own, others, written)

    def _label_keys(self, kind: KeyEntry) -> dict[str, str]:
        """The keys labels add to an entry of `kind`, each with the label adding it (the last
        by id, when two do)."""
        return {
            key: lid
            for lid, spec in sorted(self.registry.labels.items())
            for key in spec.new_keys.get(kind, {})
        }

    def _refused_keys(self, kind: KeyEntry, label: str | None) -> set[str]:
        """The format's keys of an entry that its label refuses (an LDM award's `level`): a
        typo's « clés possibles » does not offer them."""
        spec = self.registry.labels.get(label) if label else None
        if spec is None or kind not in _OWN_KEYS:
            return set()
        return _ALL_LABEL_KEYS[kind] - set(getattr(spec, _OWN_KEYS[kind]))

    def _disabled_keys(self, kind: KeyEntry) -> Iterator[str]:
        """The keys the labels of disabled plugins add to an entry of `kind`."""
        for spec in self.registry.set_aside.labels.values():
            yield from spec.new_keys.get(kind, {})

    def _to_label(self, label: str | None) -> str:
        """« au label ldm », the entry's label as written: an entry naming a label no plugin
        provides was said « au label None » (the third-party plugins audit)."""
        if label is None:
            return "à cette entrée, qui ne nomme aucun label"
        return f"au label {label if label in self.registry.labels else quoted(label)}"

    def _entry_keys(
        self,
        path: KeyPath,
        entry: dict,
        kind: KeyEntry,
        declared: dict[str, DossierKey],
        others: dict[str, str],
        label: str | None = None,
    ) -> None:
        fields = _MODEL_KEYS[kind]
        for key, value in entry.items():
            if not isinstance(key, str) or key in fields:
                continue
            if key in declared:
                spec = declared[key]
                if spec.type == "choice" and isinstance(value, str) and value not in spec.values:
                    # As the format's own choices read (`kind`): the values, and the closest.
                    message, hint = self.suggestions.message(
                        unrecognised(value), value, list(spec.values)
                    )
                    self.problem((*path, key), message, hint)
                    continue
                problem = spec.problem(value)
                if problem:
                    self.problem((*path, key), problem)
            elif key in others:
                owners = sorted(
                    lid
                    for lid, spec in self.registry.labels.items()
                    if key in spec.new_keys.get(kind, {})
                )
                self.problem(
                    (*path, key),
                    f"la clé {quoted(key)} ne s'applique pas {self._to_label(label)}"
                    f" (elle sert à{NNBSP}: {', '.join(owners)})",
                )
            else:
                choices = sorted({*fields, *declared} - self._refused_keys(kind, label))
                meant = closest_or_meant(self.suggestions, key, choices, "keys")
                self.problem(
                    (*path, key),
                    listing(f"clé inconnue {quoted(key)}", choices, "clés possibles"),
                    meant,
                )
                if meant is not None:
                    self.misspelt.add((*path, meant))

    # -- references ------------------------------------------------------------

    def _references(self, tables: _Tables) -> None:
        nameable = nameable_refs(self.registry, self.profile)
        pointed = pointed_refs(self.registry, self.profile)
        for kind in ("documents", "indicators", "actions", "partners"):
            allowed = pointed if kind in _SUPPORTS_CRITERIA else nameable
            if _all_among(_listed(tables.entries(kind), "supports"), allowed):
                continue
            for index, entry in tables[kind]:
                for position, ref in _strings(entry.get("supports")):
                    where = (kind, index, "supports", position)
                    if ref not in nameable:
                        self._reference(where, ref)
                    elif ref not in allowed:  # a label's id alone, where criteria are asked
                        self.problem(where, _whole_label(ref, _WHAT_POINTS[kind]))
        # A self-assessment line and a fiche d'écart bear on a criterion or an item (dossier
        # format: « a descriptor or indicator », « criterion (or item) concerned »), never on
        # a label as a whole, as a piece's `supports` may. So does an audit's finding graded
        # as a fiche is (its fiche is « for that label and criterion »): on a whole label, it
        # would block it with no fiche able to lift it. Other findings (a strength, a remark)
        # may be on the label as a whole.
        for kind in ("self_assessment", "nonconformities"):
            if _all_among(_values(tables.entries(kind), "ref"), pointed):
                continue
            for index, entry in tables[kind]:
                named = entry.get("ref")
                if not isinstance(named, str) or named in pointed:
                    continue
                if named in nameable:  # a label's id alone
                    self.problem((kind, index, "ref"), _whole_label(named, _WHAT_POINTS[kind]))
                else:
                    self._reference((kind, index, "ref"), named)
        for index, audit in tables["audits"]:
            label = audit.get("label")
            for f_index, finding in _entries(audit, "findings"):
                named = finding.get("ref")
                if not isinstance(named, str):
                    continue
                path: KeyPath = ("audits", index, "findings", f_index, "ref")
                if isinstance(label, str) and self._of_another_label(named, label):
                    self.problem(path, self._another_label(named, label))
                elif named in nameable and named not in pointed and self._fiche_grade(finding):
                    grade = str(finding.get("grade"))
                    graded = f"un constat d'audit noté {quoted(GRADES.get(grade, grade))}"
                    self.problem(path, _whole_label(named, graded))
                elif named not in nameable:
                    self._reference(path, named)

    def _fiche_grade(self, finding: dict) -> bool:
        """Whether a finding's grade is one its label's fiches d'écart are graded with."""
        label = self.registry.labels.get(str(finding.get("ref")).partition(":")[0])
        return label is not None and finding.get("grade") in label.nonconformity_grades

    def _of_another_label(self, ref: str, label: str) -> bool:
        """Whether `ref` names another installed label than `label`, itself installed: an
        audit's findings bear on its own label (« Audit findings use the grades of their
        label »); graded under another one's criterion, a nonconformity would block the
        audited label with nothing of its own to lift."""
        named = ref.partition(":")[0]
        labels = self.registry.labels
        return named != label and named in labels and label in labels

    def _another_label(self, ref: str, label: str) -> str:
        item_name = self.registry.labels[label].item_name
        return (
            f"{quoted(ref)} relève du label {ref.partition(':')[0]}, et cet audit est un audit "
            f"{label}{NNBSP}: ses constats portent sur son propre label{NNBSP}; écrire "
            f"{quoted(label + ':…')} (un critère ou un {item_name} du label {label})"
        )

    def _reference(self, path: KeyPath, ref: str) -> None:
        error = reference_error(self.registry, self.profile, ref, self.suggestions)
        if error:
            self.problem(path, *error)

    # -- document types and grades ---------------------------------------------

    def _document_types(self, tables: _Tables) -> None:
        types = self.registry.document_types
        if _all_among(_values(tables.entries("documents"), "type"), types):
            return
        for index, document in tables["documents"]:
            doc_type = document.get("type")
            if isinstance(doc_type, str) and doc_type not in types:
                if doc_type in self.registry.set_aside.document_types:
                    continue  # a disabled plugin's piece: its label is not evaluated
                self.problem(("documents", index, "type"), *self._unknown_type(doc_type, types))

    def _unknown_type(self, doc_type: str, types: Mapping[str, Any]) -> tuple[str, str | None]:
        """The closest declared types, the contract's answer to a type no plugin declares:
        listing the first types by alphabet showed `pv-ca` to no one who wrote « PV du CA »."""
        base = f"type de pièce inconnu {quoted(doc_type)}" + self._maybe_of_disabled()
        # One type alone is said once, by « vouliez-vous dire » (« type le plus proche : pv-ca
        # (vouliez-vous dire « pv-ca » ?) » said it twice).
        if named := _type_named(doc_type, types):
            return base, named
        close = self.suggestions.nearest(doc_type, types)
        if not close:
            return listing(base, sorted(types)), None
        if len(close) == 1:
            return base, close[0]
        return listing(base, close, _closest_types(len(close))), close[0]

    def _maybe_of_disabled(self) -> str:
        return maybe_of_disabled(
            self.registry, "ses types de pièce", "leurs types de pièce", "type"
        )

    def _decisions(self, tables: _Tables) -> None:
        if not tables.entries("decisions"):
            return  # most dossiers record none: the equivalences not gathered (2 µs)
        known = {e.id: e for e in self.registry.equivalences if e.effect == "meets"}
        links = {e.id for e in self.registry.equivalences if e.effect != "meets"}
        for index, decision in tables["decisions"]:
            equivalence = decision.get("equivalence")
            if isinstance(equivalence, str) and equivalence in known:
                self._decided_target(index, known[equivalence])
            elif isinstance(equivalence, str):
                if equivalence in self.registry.set_aside.equivalences:
                    continue  # a disabled plugin's: it cannot apply, nor be judged
                said = (
                    f"{quoted(equivalence)} est un lien de preuve entre labels (le travail de "
                    "l'un sert de preuve à l'autre), qui ne se décide pas ; seule une "
                    "équivalence qui rend un critère réputé satisfait se décide"
                    if equivalence in links
                    else f"aucun plugin installé ne déclare l'équivalence {quoted(equivalence)}"
                )
                message, hint = self.suggestions.message(said, equivalence, known)
                self.problem(("decisions", index, "equivalence"), message, hint)

    def _decided_target(self, index: int, equivalence) -> None:
        """An equivalence into a criterion an academy may add (LDM's ninth): the plugin could
        not tell, as it loaded, whether a profile adds it. Decided for a school whose profile
        does not, it would apply to nothing, without a word."""
        target = criterion_of(equivalence.target)
        if target in nameable_refs(self.registry, self.profile):
            return
        label = label_of(target)
        self.problem(
            ("decisions", index, "equivalence"),
            f"l'équivalence {quoted(equivalence.id)} rend réputé satisfait le critère {target}, "
            f"que le label {label} n'a pas sous le profil {self.profile.name} (ni son "
            "référentiel ni ce profil ne l'ajoutent) : cette décision ne peut pas s'appliquer",
        )

    def _countries(self, tables: _Tables) -> None:
        """A partner's country is an ISO code: the model checks its shape only (two capitals),
        and a value of another shape is its error, not said twice."""
        if not tables.entries("partners"):
            return  # the codes not read
        known = countries()
        for index, partner in tables["partners"]:
            code = partner.get("country")
            if isinstance(code, str) and _COUNTRY_SHAPE.fullmatch(code):
                error = known.problem(code)
                if error:
                    self.problem(("partners", index, "country"), *error)

    def _grades(self, tables: _Tables) -> None:
        labels = self.registry.labels
        for index, audit in tables["audits"]:
            label = audit.get("label")
            spec = labels.get(label) if isinstance(label, str) else None
            if spec is None:
                continue
            grades = [
                *spec.audit_grades,
                *self.profile.labels.get(spec.id, {}).get("audit_grades", []),
            ]
            for f_index, finding in _entries(audit, "findings"):
                grade = finding.get("grade")
                if isinstance(grade, str) and grade not in grades:
                    message, hint = (
                        self._grade_message(
                            f"constat {quoted(grade)} non prévu pour les audits {spec.name}",
                            grade,
                            grades,
                        )
                        if grades
                        else (ungraded_finding(spec.name), None)
                    )
                    at = ("audits", index, "findings", f_index)
                    self.problem((*at, "grade") if grades else at, message, hint)
        for index, nc, spec in self._fiches(tables):
            grade = nc.get("grade")
            if (
                grade is None
                and spec.default_nonconformity_grade is None
                and spec.nonconformity_grades
            ):
                self.problem(
                    ("nonconformities", index, "grade"),
                    f"une non-conformité {spec.id} doit indiquer sa gravité (grade){NNBSP}: "
                    f"{' ou '.join(spec.nonconformity_grades)}",
                )
            elif isinstance(grade, str) and not spec.nonconformity_grades:
                self.problem(
                    ("nonconformities", index, "grade"),
                    f"le label {spec.id} ne gradue pas ses non-conformités{NNBSP}: "
                    f"retirer `grade = {toml_text(grade)}`",
                )
            elif isinstance(grade, str) and grade not in spec.nonconformity_grades:
                message, hint = self._grade_message(
                    f"gravité {quoted(grade)} non prévue pour les non-conformités {spec.name}",
                    grade,
                    spec.nonconformity_grades,
                )
                self.problem(("nonconformities", index, "grade"), message, hint)

    def _grade_message(
        self, base: str, written: str, grades: Iterable[str]
    ) -> tuple[str, str | None]:
        """A grade out of its label's list: each with its French (« remark (remarque) »), and
        the one meant, from its French too (« remarque » → remark)."""
        grades = sorted(set(grades))
        meanings = {g: GRADES[g] for g in grades if g in GRADES}
        meant = code_meant(written, meanings) or self.suggestions.closest(written, grades)
        return listing(base, [glossed(g, meanings) for g in grades]), meant

    def _fiches(self, tables: _Tables) -> Iterator[tuple[int, dict, LabelSpec]]:
        """Each fiche d'écart whose ref names an installed label, with that label."""
        labels = self.registry.labels
        for index, nc in tables["nonconformities"]:
            ref = nc.get("ref")
            spec = labels.get(ref.partition(":")[0]) if isinstance(ref, str) else None
            if spec is not None:
                yield index, nc, spec

    def _audit_types(self, tables: _Tables) -> None:
        """A fiche d'écart's audit is one its label knows, as an audit's or an application's
        type is (« surveillance » is Eduform's mid-term audit, not LDM's)."""
        for index, nc, spec in self._fiches(tables):
            audit_type = nc.get("audit_type")
            if isinstance(audit_type, str) and _unknown_to(spec, audit_type):
                message, hint = self.suggestions.message(
                    f"type d'audit {quoted(audit_type)} non prévu pour le label {spec.name}",
                    audit_type,
                    spec.application_types,
                )
                self.problem(("nonconformities", index, "audit_type"), message, hint)

    # -- files -------------------------------------------------------------------

    def _files(self, tables: _Tables) -> None:
        root: Path | None = None  # the folder resolved, once a name needs it (20 µs)
        plain_folders: set[str] = set()  # this dossier's, for `plain_file_problem`
        for index, document in tables["documents"]:
            name = document.get("file")
            if not isinstance(name, str):
                continue
            problem = plain_file_problem(self.folder, name, plain_folders)
            if problem is _ASK_RESOLVE:
                root = root or self.folder.resolve()
                problem = file_problem(root, name)
            if problem == "missing":
                root = root or self.folder.resolve()
                problem = _escaped_otherwise(root, name)
                if problem is None:
                    self._missing(root, name)
            if problem:
                self.problem(("documents", index, "file"), problem)

    def _missing(self, root: Path, name: str) -> None:
        """A file named but missing, a finding of the report: with the file it likely names
        when there is one: the same name in another Unicode form (a Mac opens it, as Windows
        opens another case), else a close one; its finding says how they differ."""
        self.missing_files.add(name)
        twin = self._unicode_twin(root, name) if not name.isascii() else None
        if meant := twin or self._file_meant(root, name):
            self.files_meant[name] = meant

    def _file_meant(self, root: Path, name: str) -> str | None:
        """The file of the dossier a missing `name` likely means: the same name but for its
        capitals (Windows and macOS open `Pieces/Projet.PDF` for pieces/projet.pdf, a CI
        server does not: the dossier passed on its author's machine and warned in CI), else,
        in the folder it names, the closest name (`projet-etablisement.pdf`). Only a file
        the dossier could name: inside its folder, not a link out, not a folder."""
        parts = name.split("/")
        if "\\" in name or any(part in ("", ".", "..") for part in parts):
            return None  # written the Windows way, or through dots: the finding says so, or not
        here, found = root, []
        for part in parts:
            names = self._names(here)
            meant: str | None
            if part in names.present:
                meant = part
            else:
                same = names.by_case.get(part.casefold(), ())
                meant = same[0] if len(same) == 1 else self.suggestions.closest(part, names.all)
            if meant is None:
                return None
            found.append(meant)
            here = here / meant
        written = "/".join(found)
        return written if written != name and file_problem(root, written) is None else None

    def _unicode_twin(self, root: Path, name: str) -> str | None:
        """The file named `name` in another Unicode form: é as one character (NFC) or as e and
        an accent (NFD, as a Mac writes it). Not taken for the piece: the dossier would name a
        file that, byte for byte, is not there, and a CI server would not open it."""
        here = root
        for part in Path(name).parts:
            twin = (
                part
                if os.path.lexists(here / part)
                else self._names(here).by_nfc.get(unicodedata.normalize("NFC", part))
            )
            if twin is None:
                return None
            here = here / twin
        return here.relative_to(root).as_posix()

    def _names(self, folder: Path) -> _Names:
        """The names in `folder`, listed and indexed once per folder: each missing file looked
        them over again, a dossier of 16,000 missing files in a folder of 16,000 took 26 s
        (the scaling audit)."""
        if folder not in self._folders:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            by_case: dict[str, list[str]] = {}
            for name in names:
                by_case.setdefault(name.casefold(), []).append(name)
            by_nfc = {unicodedata.normalize("NFC", name): name for name in names}
            self._folders[folder] = _Names(names, frozenset(names), by_case, by_nfc)
        return self._folders[folder]


@dataclass(frozen=True, slots=True)
class _Names:
    """A folder's names: all of them, as a set, by their case-folded form and by their NFC
    form (é as one character, whichever way the file system keeps it)."""

    all: list[str]
    present: frozenset[str]
    by_case: dict[str, list[str]]
    by_nfc: dict[str, str]


def _closest_types(count: int) -> str:
    """« types les plus proches : projet-etablissement » read as a list cut short."""
    return "type le plus proche" if count == 1 else "types les plus proches"


def _type_named(written: str, types: Mapping[str, Any]) -> str | None:
    """The document type `written` names by its title (« Projet d'établissement ») or by the
    code of the tool its title gives (« LDM 001 », from « Fiche de candidature (LDM 001) »),
    case, accents and spaces aside: a school names its pieces so, which no spelling of the
    type's id comes close to."""
    said = _plain(written)
    for type_id, declared in types.items():
        title = getattr(declared, "title", "")
        code = _TOOL_CODE().search(title)
        if said and (said == _plain(title) or (code and said == _plain(code[1]))):
            return type_id
    return None


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", unaccented(text.casefold()))


_TOOL_CODE = lazy_pattern(r"\(([A-Z]+ ?\d{3})\)")  # « (LDM 001) » closing a type's title


def type_not_of(
    spec: LabelSpec, given: str, suggestions: Suggestions, key: str = "type"
) -> tuple[str, str | None]:
    """An application's or audit's type its label does not take: its label's types, and the
    closest (a type the format knows, or not: the model's error says it so too). A fiche
    d'écart's `audit_type` is said « type d'audit », as `_audit_types` says it of a type the
    format knows: one key, one wording, whatever was written."""
    noun = "type d'audit" if key == "audit_type" else "type"
    base = f"{noun} {quoted(given)} non prévu pour le label {spec.name}"
    types: list[str] = sorted(set(spec.application_types), key=natural_order)
    # The school's French too (« première labellisation », « renouvelement »): the type is
    # asked for where the format's own values are.
    return listing(base, types), closest_or_meant(suggestions, given, types, "values")


def meant_label(written: str, labels: Mapping[str, LabelSpec]) -> str | None:
    """The label an unknown one most likely means: the one it names, else the closest id."""
    return label_named(written, labels) or closest(written, labels)


def label_named(written: str, labels: Mapping[str, LabelSpec]) -> str | None:
    """The id of the label whose name `written` is, however spelt (« Lycée des métiers »,
    « lycee-des-metiers » → `ldm`): a school writes the name it knows, not the id."""
    given = words(written)
    return next((lid for lid, spec in labels.items() if words(spec.name) == given), None)


def _unknown_to(spec: LabelSpec, audit_type: str) -> bool:
    """Whether `audit_type`, one the format knows, is not one of the label's. A word the
    format does not know is the model's error, listing the format's types: not said twice."""
    return audit_type in _AUDIT_TYPES and audit_type not in spec.application_types


_AUDIT_TYPES = frozenset(get_args(ApplicationType))


_ID_SHAPE = re.compile(ID_PATTERN)


def _told_by_the_model(ref: str, known: set[str]) -> bool:
    """Whether the model's error at `ref`'s key path says all there is to say of it: a ref not
    written as an id (« mobilités », "") is refused there, « identifiant attendu », with the id
    it likely meant; when that id is one of the dossier's, or nothing was written, saying the
    ref missing as well was the one slip twice (the blind format audit). When the id meant is
    none of the dossier's either (« conv-cmqé » for conv-cmq), the ref is still said missing,
    with the closest id the dossier has."""
    if _ID_SHAPE.fullmatch(ref):
        return False
    meant = Dossier.pattern_hints[ID_PATTERN](ref)
    return not ref.strip() or meant in known


_COUNTRY_SHAPE = re.compile("[A-Z]{2}")  # the model's COUNTRY_PATTERN, `$` taking no newline
_ASK_RESOLVE = "ask file_problem"  # plain_file_problem's answer when it cannot tell alone
_PLAIN_PART = re.compile(r"[^/\\:\x00]+")  # no separator, no drive: a name, or . or ..


def plain_file_problem(folder: Path, name: str, plain_folders: set[str]) -> str | None:
    """`file_problem`'s answer for a plain relative name (`pieces/projet.pdf`), or
    `_ASK_RESOLVE`, for `file_problem` to give it.

    `Path.resolve()` reads every link of the whole path, the dossier's folder included, for
    each file (30 µs here). Inside `folder` (wherever its own path leads: it need not be
    resolved), a name made of plain parts, none of them a symbolic link, cannot lead out of
    it: one `lstat` per part tells (6 µs), and each folder found plain is not asked again
    (`plain_folders`, one dossier's). A link, a `..`, an error other than a missing file:
    `file_problem` judges, its messages unchanged."""
    parts = name.split("/")
    if not all(_PLAIN_PART.fullmatch(part) and part not in (".", "..") for part in parts):
        return _ASK_RESOLVE
    here = str(folder)
    try:
        for part in parts[:-1]:
            here = os.path.join(here, part)
            if here not in plain_folders:
                if not stat.S_ISDIR(os.lstat(here).st_mode):  # a link, or a file
                    return _ASK_RESOLVE
                plain_folders.add(here)
        path = os.path.join(here, parts[-1])
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError:
        return _ASK_RESOLVE
    if stat.S_ISLNK(mode):
        return _ASK_RESOLVE
    return _mode_problem(name, mode, path)


def file_problem(root: Path, name: str) -> str | None:
    """Why a file named by a dossier is refused ('missing' when it simply is not there)."""
    if not name:
        return "nom de fichier vide"
    if "\x00" in name:  # no system takes it: open() itself would refuse the name
        return (
            f"{_named(name)} contient un caractère NUL ({visible(chr(0))}), qu'aucun nom de "
            f"fichier ne peut contenir{NNBSP}: le retirer"
        )
    if os.path.isabs(name) or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"{_named(name)} est un chemin absolu{NNBSP}: nommer le fichier à partir du répertoire du dossier"
    if _climbs_out(name):
        return (
            f"{_named(name)} sort du répertoire du dossier par {quoted('..')}{NNBSP}: "
            "garder les fichiers à l'intérieur"
        )
    if (written := _written_otherwise(root, name)) is not None:
        return written
    try:
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            return f"{_named(name)} mène hors du répertoire du dossier (par un lien symbolique)"
        # The name as the system opens it, not `target`: resolve() climbs `absent/..` as text.
        mode = (root / name).stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except RuntimeError:  # Python 3.11's resolve() meeting a loop of symbolic links
        return f"{_named(name)} est inaccessible{NNBSP}: boucle de liens symboliques"
    except OSError as error:
        return f"{_named(name)} est inaccessible{NNBSP}: {os_reason(error)}"
    return _mode_problem(name, mode, root / name)


def _written_otherwise(root: Path, name: str) -> str | None:
    """Why a name is refused that leads to a file only once written with `/` alone and no `/`
    at its end (`pieces\\projet.pdf`, `pieces/projet.pdf/`): Windows alone reads the first, no
    system opens the second, though a path's text would take both for the piece. None when
    no file is there under the name so written (the piece is then missing)."""
    plain = name.replace("\\", "/").rstrip("/")
    if plain == name or not plain or not os.path.isfile(root / plain):
        return None
    why = (
        "sépare ses répertoires par des \\ (que seul Windows lit ainsi)"
        if "\\" in name
        else "se termine par une barre oblique, qu'aucun système n'ouvre sur un fichier"
    )
    return f"{_named(name)} {why}{NNBSP}: écrire {quoted(visible(plain))}"


def _escaped_otherwise(root: Path, name: str) -> str | None:
    """Why a name holding a control character is refused when, read as the Windows path it
    was typed as (`path_as_typed`), it leads to a file: the file is there, under the name its
    author typed. None when no file is there so written (the piece is then missing, and its
    finding says how paths are written)."""
    control = next((c for c in name if c in ESCAPES), None)
    if control is None:
        return None
    typed = path_as_typed(name)
    if not os.path.isfile(root / typed):
        return None  # the piece is missing
    letter, said = ESCAPES[control]
    return (
        f"{_named(name)} contient {said} ({visible(control)}){NNBSP}: entre "
        f"guillemets, {quoted(chr(92) + letter)} se lit ainsi, pas comme une barre oblique "
        f"inverse suivie d'un {letter}{NNBSP}; un chemin s'écrit avec {quoted('/')}, même sous "
        f"Windows{NNBSP}: écrire {_named(typed)}"
    )


def _named(name: str) -> str:
    """A piece's file name quoted, its control characters shown (␁, not a character every
    report drops or replaces, and a reader cannot see)."""
    return quoted(visible(name))


def _climbs_out(name: str) -> bool:
    """Whether `name`, read as a path from the dossier's folder, climbs above it by `..`:
    `pieces/../x.pdf` stays inside, `pieces/../../x.pdf` does not. `\\` counts as a
    separator, as Windows reads it. Symbolic links are `file_problem`'s to follow."""
    depth = 0
    for part in re.split(r"[/\\]", name):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _mode_problem(name: str, mode: int, path: str | Path) -> str | None:
    if stat.S_ISDIR(mode):
        return f"{_named(name)} est un répertoire, pas un fichier{NNBSP}: nommer le fichier de la pièce lui-même"
    if not stat.S_ISREG(mode):
        return f"{_named(name)} n'est pas un fichier ordinaire (un tube, un périphérique…){NNBSP}: nommer le fichier de la pièce"
    if not os.access(path, os.R_OK):
        # A piece no one running labelcheck may read counted as there, and the digest took its
        # content for a missing one's (the robustness audit); the folder's case is said so too.
        return f"{_named(name)} est inaccessible{NNBSP}: {os_reason(PermissionError(errno.EACCES, ''))}"
    return None


_REFERENCE = re.compile(r"[^:.\s]+(:[^:.\s]+(\.[^:.\s]+)?)?")


def reference_error(
    registry: Registry, profile: Profile, ref: str, suggestions: Suggestions
) -> tuple[str, str | None] | None:
    """Why `ref` (`ldm`, `ldm:6`, `ldm:6.32`) names nothing, with the valid choices; None if
    fine. A ref that names one once tidied (« ldm : 6 », « LDM:6 », a full-width « ６ »)
    suggests it: the closest spelling of « ldm:６ » was « ldm:8 »."""
    error = _reference_error(registry, profile, ref, suggestions)
    if error is None:
        return None
    # A French decimal comma (« ldm:6,32 ») is a descriptor's dot, and so is a hyphen, slash
    # or underscore between the criterion's and the item's numbers (« ldm:6-32 », « ldm:6/32 »).
    tidy = (
        _SPACED().sub(r"\1", unicodedata.normalize("NFKC", ref).strip()).lower().replace(",", ".")
    )
    label_part, colon, rest = tidy.partition(":")
    if colon:
        tidy = label_part + colon + _ITEM_SEPARATOR().sub(r"\1.\2", rest)
    if tidy != ref and _reference_error(registry, profile, tidy, suggestions) is None:
        return error[0], tidy
    return error


_SPACED = lazy_pattern(r"\s*([:.])\s*")
_ITEM_SEPARATOR = lazy_pattern(r"^(\d+)[-/_](\d+)$")


def _maybe_added_by_disabled(registry: Registry) -> str:
    """Whose a criterion past the référentiel's may be: a disabled plugin's profile added it
    (an academy's ninth LDM criterion), its profile left out with the plugin; the school's
    ref is then not its mistake."""
    shipping = [p.name for p in registry.broken if p.profile_files or not p.hooks]
    if not shipping:
        return ""
    if len(shipping) == 1:
        return (
            f" (le plugin {shipping[0]}, désactivé par ses erreurs, livre peut-être le profil "
            "académique qui l'ajoute, et ce profil n'est pas appliqué)"
        )
    return (
        f" (les plugins {', '.join(shipping)}, désactivés par leurs erreurs, livrent peut-être "
        "le profil académique qui l'ajoute, et leurs profils ne sont pas appliqués)"
    )


def _reference_error(
    registry: Registry, profile: Profile, ref: str, suggestions: Suggestions
) -> tuple[str, str | None] | None:
    """What is wrong with `ref`, and the ref meant where one is clear; None when its label,
    criterion and item exist (or its label's plugin did not load: it cannot be judged)."""
    if not _REFERENCE.fullmatch(ref):
        return (
            f"{quoted(ref)} n'est pas une référence{NNBSP}: écrire LABEL, LABEL:CRITÈRE ou LABEL:CRITÈRE.ÉLÉMENT "
            "(par exemple ldm, ldm:6, ldm:6.32)",
            None,
        )
    label_id, _, rest = ref.partition(":")
    spec = registry.labels.get(label_id)
    if spec is None:
        if label_id in registry.set_aside.labels:
            return None
        return _unknown_label(registry, ref, label_id, suggestions)
    if not rest:
        return None
    criteria = {str(c.number): c for c in (*spec.criteria, *profile.extra_criteria(label_id))}
    number, _, item = rest.partition(".")
    criterion = criteria.get(number)
    if criterion is None:
        return _unknown_criterion(registry, spec, criteria, ref, number, item, suggestions)
    if item and item not in {str(i.number) for i in criterion.items}:
        return _unknown_item(spec, criteria, criterion, ref, number, item, suggestions)
    return None


def _unknown_label(
    registry: Registry, ref: str, label_id: str, suggestions: Suggestions
) -> tuple[str, str | None]:
    message, hint = suggestions.message(
        f"label inconnu {quoted(label_id)} dans la référence {quoted(ref)}"
        + _label_of_disabled(registry),
        label_id,
        registry.labels,
    )
    if label_id.lower() in registry.labels:  # `LDM:6`: label ids are lower case
        hint = ref.replace(label_id, label_id.lower(), 1)
    return message, hint


def _unknown_criterion(
    registry: Registry,
    spec: LabelSpec,
    criteria: Mapping[str, Any],
    ref: str,
    number: str,
    item: str,
    suggestions: Suggestions,
) -> tuple[str, str | None]:
    label_id = spec.id
    choices = [f"{label_id}:{n}" for n in criteria]
    missing = f"{quoted(ref)}{NNBSP}: le label {label_id} n'a pas de critère {number}"
    written = number_in(number)
    if written is None:
        return suggestions.message(missing, ref, choices)
    if spec.max_extra_criteria and str(written) not in criteria:
        missing += _maybe_added_by_disabled(registry)
    # An item's number alone (« ldm:24 »)? Items are numbered across the référentiel: the one
    # criterion holding it is named, as for « ldm:3.31 », but as a question, with no
    # suggestion: « ldm:11 » may as well be criterion 1 mistyped.
    owners = _holding(criteria, number)
    if not item and len(owners) == 1:
        missing += (
            f"{NNBSP}; s'il s'agit {_of_the(spec.item_name)} {number}, écrire "
            f"{label_id}:{owners[0].number}.{number}"
        )
    # A number past the last criterion: a spelling guess (« ldm:1 » for ldm:11, « ldm:8 » for
    # ldm:9) would send the evidence to another criterion; the list says which exist. Written
    # with a leading zero (ldm:06), it is that criterion.
    padded = str(written) in criteria and ref.replace(number, str(written), 1)
    return listing(missing, choices), padded or None


def _unknown_item(
    spec: LabelSpec,
    criteria: Mapping[str, Any],
    criterion: Any,
    ref: str,
    number: str,
    item: str,
    suggestions: Suggestions,
) -> tuple[str, str | None]:
    label_id = spec.id
    owner = next(iter(_holding(criteria, item)), None)
    choices = [f"{label_id}:{number}.{i.number}" for i in criterion.items]
    if owner is not None:
        # Items are numbered across the référentiel: name the criterion it is in, and still
        # list this one's refs (the contract's « valid choices »), in case the criterion was
        # the right one and the number the slip; named as this criterion's, for they are not
        # what to write instead (the French proofreader's audit).
        right = f"{label_id}:{owner.number}.{item}"
        base = (
            f"{quoted(ref)}{NNBSP}: {spec.item_name} {item} absent du critère {label_id}:{number}, "
            f"il est dans {label_id}:{owner.number}{NNBSP}: écrire {right}"
        )
        if not choices:
            return listing(base, [f"{label_id}:{number}"]), right
        return listing(base, choices, f"{spec.item_name}s du critère {label_id}:{number}"), right
    if not any(c.items for c in criteria.values()):  # Euroscol: its criteria are its domains
        return suggestions.message(
            f"{quoted(ref)}{NNBSP}: les critères du label {label_id} ne sont pas "
            "subdivisés en éléments numérotés",
            ref,
            [f"{label_id}:{number}"],
        )
    if not choices:  # the criterion itself is the only ref there
        return suggestions.message(
            f"{quoted(ref)}{NNBSP}: le critère {label_id}:{number} n'a pas "
            f"{_of(spec.item_name)} numéroté",
            ref,
            [f"{label_id}:{number}"],
        )
    return suggestions.message(
        f"{quoted(ref)}{NNBSP}: {spec.item_name} {item} absent du critère {label_id}:{number}",
        ref,
        choices,
    )


def _holding(criteria: Mapping[str, Any], item: str) -> list:
    """The criteria holding an item of that number (one, where items are numbered across the
    référentiel, as LDM's and Eduform's are)."""
    return [c for c in criteria.values() if item in {str(i.number) for i in c.items}]


def _of_the(noun: str) -> str:
    """`du descripteur`, `de l'indicateur`: an item's name is masculine (descripteur,
    indicateur, élément); « de le » elided before a vowel."""
    return f"de l'{noun}" if noun[:1].lower() in _VOWELS else f"du {noun}"


def _of(noun: str) -> str:
    """`de descripteur`, `d'indicateur`: « de » elided before a vowel. An h is left alone,
    mute or aspirated, which no rule of spelling tells."""
    return f"d'{noun}" if noun[:1].lower() in _VOWELS else f"de {noun}"


_VOWELS = "aàâäeéèêëiîïoôöuùûüœæ"


# The refs each (registry, profile) lets a dossier name. A run has one registry and a profile
# per academy at most.
_NAMEABLE: ByIdentity[frozenset[str]] = ByIdentity(kept=64)
_POINTED: ByIdentity[frozenset[str]] = ByIdentity(kept=64)


def nameable_refs(registry: Registry, profile: Profile) -> frozenset[str]:
    """Every ref `reference_error` accepts under `registry` and `profile`, made once for them:
    a dossier names about a hundred, and each used to rebuild its label's criteria."""
    return _NAMEABLE.get(
        (registry, profile), (), lambda: frozenset(_nameable_refs(registry, profile))
    )


def pointed_refs(registry: Registry, profile: Profile) -> frozenset[str]:
    """The refs of `nameable_refs` that name a criterion or an item, not a label alone."""
    return _POINTED.get(
        (registry, profile),
        (),
        lambda: frozenset(r for r in nameable_refs(registry, profile) if ":" in r),
    )


# The entries that bear on a criterion or an item, never on a label as a whole, named as an
# error says it: a self-assessment line, a fiche d'écart (their `ref`), an indicator (its
# `supports`: « criteria it monitors (at least one) », where a piece's may name a label alone).
_WHAT_POINTS = {
    "self_assessment": "une ligne d'auto-évaluation",
    "nonconformities": "une fiche d'écart",
    "indicators": "un indicateur",
}
_SUPPORTS_CRITERIA = frozenset({"indicators"})  # whose `supports` name criteria only


def _whole_label(label: str, what: str) -> str:
    return (
        f"{quoted(label)} désigne le label entier{NNBSP}: {what} porte sur un critère ou un "
        f"élément{NNBSP}; écrire {label}:CRITÈRE ou {label}:CRITÈRE.ÉLÉMENT"
    )


def _nameable_refs(registry: Registry, profile: Profile) -> Iterator[str]:
    for label_id, spec in registry.labels.items():
        candidates = [label_id]
        for criterion in (*spec.criteria, *profile.extra_criteria(label_id)):
            candidates.append(f"{label_id}:{criterion.number}")
            candidates.extend(f"{label_id}:{criterion.number}.{i.number}" for i in criterion.items)
        # Each one asked of `reference_error` itself, so that the two can never disagree
        # (a number written twice, an id the ref pattern refuses); a ref it accepts touches
        # no suggestion budget.
        for ref in candidates:
            if reference_error(registry, profile, ref, Suggestions()) is None:
                yield ref


class _Tables:
    """A dossier's arrays of tables, the dict entries of each listed once for all the checks,
    not found again by each (4 µs of the checks' 120 a dossier)."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self._plain: dict[str, list[dict]] = {}
        self._indexed: dict[str, list[tuple[int, dict]]] = {}

    def entries(self, kind: str) -> list[dict]:
        """The dict entries of `kind`: the array itself when it holds nothing else (the
        common case), for the quick proofs that a check has nothing to say."""
        plain = self._plain.get(kind)
        if plain is None:
            given = self.data.get(kind)
            if isinstance(given, list) and _DICT.issuperset(map(type, given)):  # told in C
                plain = given
            else:  # what `_entries` keeps of it
                plain = [entry for _, entry in _entries(self.data, kind)]
            self._plain[kind] = plain
        return plain

    def __getitem__(self, kind: str) -> Iterable[tuple[int, dict]]:
        """Each dict entry of `kind` with its index in the array, for a check's loop."""
        plain = self.entries(kind)
        if plain is self.data.get(kind):  # nothing left out: the indices are the positions
            return enumerate(plain)  # no list of pairs made (5 µs a dossier)
        indexed = self._indexed.get(kind)
        if indexed is None:
            indexed = self._indexed[kind] = list(_entries(self.data, kind))
        return indexed


def _entries(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """The dict entries of an array of tables, whatever else the array holds."""
    entries = data.get(key) if isinstance(data, dict) else None
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


_DICT = frozenset({dict})


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for position, item in enumerate(value):
            if isinstance(item, str):
                yield position, item


def _all_among(values: Iterable[Any], known: Container[Any]) -> bool:
    """Whether every one of `values` is in `known`: then a check looking for the texts that
    are not has nothing to say, and its loop, with each entry's index and each item's
    position, is not run. Asked in C, not item by item; False when it cannot tell (a value
    that cannot be hashed), for the check's own loop to judge."""
    try:
        return all(map(known.__contains__, values))
    except TypeError:
        return False


def _values(entries: list[dict], key: str) -> Iterator[Any]:
    """Each entry's `key`, None where it has none: fetched in C, with no Python step per entry."""
    return map(dict.get, entries, repeat(key))


def _listed(entries: list[dict], key: str) -> Iterator[Any]:
    """The items of each entry's `key`: all the texts `_strings` gives of the lists, and,
    since a proof may only ask more, never less, the characters of a text or the keys of a
    table given instead. A value that holds nothing (None) adds nothing; one that cannot be
    iterated raises TypeError, which `_all_among` takes for a doubt."""
    return chain.from_iterable(filter(None, _values(entries, key)))


# The keys of each entry's model, read once: pydantic's `model_fields` is a property (0.3 µs
# a read, six reads a dossier).
_MODEL_KEYS = {kind: frozenset(model.model_fields) for kind, model in ENTRY_MODELS.items()}


def _beyond_model(kind: KeyEntry, entry: dict) -> bool:
    """Whether `entry` has a key its model does not: only then can `_entry_keys` find a
    problem (the keys of most entries are all the model's: 6 µs a dossier not spent)."""
    return not _MODEL_KEYS[kind].issuperset(entry)


# Where a label lists the model's keys it gives a meaning to, by entry.
_OWN_KEYS = {"held": "held_keys", "applications": "application_keys"}
# Keys of the model that only some labels give a meaning to (the others are common).
_ALL_LABEL_KEYS = {
    "held": set(Held.model_fields) - COMMON_HELD_KEYS,
    "applications": set(Application.model_fields) - COMMON_APPLICATION_KEYS,
    "audits": set(),
}


def maybe_of_disabled(registry: Registry, its: str, theirs: str, what: str) -> str:
    """Whose an unknown type or label may be: a plugin disabled before its référentiel was read
    declared labels and types nobody could learn, and the school's entry is then not its
    mistake (« label inconnu » alone read as the school's: the plugin author's audit)."""
    unread = [plugin.name for plugin in registry.broken if plugin.referentiel_unread]
    if not unread:
        return ""
    if len(unread) == 1:
        return (
            f" (le plugin {unread[0]} est désactivé par ses erreurs avant d'avoir déclaré "
            f"{its}{NNBSP}: ce {what} est peut-être le sien)"
        )
    return (
        f" (les plugins {', '.join(unread)} sont désactivés par leurs erreurs avant d'avoir "
        f"déclaré {theirs}{NNBSP}: ce {what} est peut-être l'un des leurs)"
    )


def _label_of_disabled(registry: Registry) -> str:
    return maybe_of_disabled(registry, "son label", "leurs labels", "label")
