"""Writes N realistic dossiers for the benchmarks, built from the installed référentiels.

    python bench/generate.py N DIR [--labels ldm,euroscol,e3d,eduform] [--seed S]

Each dossier goes to DIR/NNNNN/dossier.toml. Criteria refs, items, document
types, application types, grades and label keys all come from the registry
(`Registry.from_plugins()`), so the dossiers follow the référentiels as they
are installed; a label asked for but not installed is left out, with a note.

Deterministic: dossier i depends only on (seed, i), so the first 1,000 of a
10,000 run are the 1,000 of a 1,000 run (the memory benchmark compares them).
The mix: most dossiers are ready; some miss pieces, have an open
nonconformity or an expired label; about 1 % are invalid (a misspelt key, a
reference to a criterion that does not exist, a wrong UAI check letter).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labelcheck.core.dossier import uai_check_letter
from labelcheck.core.registry import Registry
from labelcheck.core.toml import loads

DEFAULT_LABELS = ("ldm", "euroscol", "e3d", "eduform")
APPLICATION_YEAR = 2026  # every application is audited in 2026: dates stay fixed, output stable

# What goes wrong in a dossier, with its share of the generated set.
SCENARIOS = (
    ("ready", 0.70),
    ("missing-pieces", 0.12),
    ("open-nonconformity", 0.08),
    ("expired-label", 0.09),
    ("invalid", 0.01),
)
LYCEE_KINDS = (("lp", 0.55), ("lpo", 0.38), ("erea", 0.07))
GRETA_SHARE = 0.08  # GRETA and CFA dossiers: Eduform applications
ACADEMIES = ("orleans-tours", "lyon", "dijon", "normandie", "nice", "toulouse", "lille", "nantes")
TOWNS = (
    "Bourges",
    "Chartres",
    "Tours",
    "Blois",
    "Vierzon",
    "Dreux",
    "Orléans",
    "Châteauroux",
    "Montargis",
    "Romorantin",
    "Issoudun",
    "Vendôme",
    "Amboise",
    "Gien",
    "Pithiviers",
    "Loches",
)
PATRONS = (
    "Jean Lurçat",
    "Marie Curie",
    "Jean Moulin",
    "Paul-Louis Courier",
    "Camille Claudel",
    "Jules Ferry",
    "Gustave Eiffel",
    "Albert Camus",
    "Simone Veil",
    "Louise Michel",
    "Jean Zay",
    "Émile Zola",
)
TRADES = (
    (
        "de l'automobile et des mobilités",
        ["maintenance des véhicules", "carrosserie", "peinture en carrosserie"],
    ),
    (
        "du bâtiment et des travaux publics",
        ["maçonnerie", "menuiserie", "travaux publics", "électricité"],
    ),
    (
        "de l'hôtellerie et de la restauration",
        ["cuisine", "commercialisation et services en restauration"],
    ),
    (
        "de la santé et du social",
        ["accompagnement, soins et services à la personne", "aide à domicile"],
    ),
    ("du numérique et de l'électronique", ["systèmes numériques", "métiers de l'électricité"]),
    ("de la mode et du textile", ["métiers de la couture", "métiers du cuir"]),
)
PEOPLE = (
    "A. Martin",
    "B. Durand",
    "C. Petit",
    "D. Leroy",
    "E. Moreau",
    "F. Simon",
    "G. Laurent",
    "H. Michel",
)
PARTNER_KINDS = (
    ("company", "Entreprise"),
    ("local-authority", "Région"),
    ("association", "Association"),
    ("public-body", "Agence"),
    ("school", "Lycée partenaire"),
    ("campus", "Campus des métiers"),
)
EDUFORM_CATEGORIES = ("training", "skills-assessment", "vae", "apprenticeship")


@dataclass
class LabelData:
    """What the generator needs of one installed label."""

    id: str
    criteria: list[str]  # "ldm:6"
    items: dict[str, list[str]]  # "ldm:6" -> ["ldm:6.32", …]
    own_types: list[str]  # document types the label declares
    required_types: list[str]  # types its required-document rules name
    application_types: tuple[str, ...]
    application_keys: tuple[str, ...]
    held_keys: tuple[str, ...]
    audit_grades: tuple[str, ...]
    nonconformity_grades: tuple[str, ...]
    graded_nonconformities: bool  # a grade is required (no default)
    validity_years: int


@dataclass
class Catalog:
    labels: dict[str, LabelData]
    shared_types: list[str] = field(default_factory=list)

    @classmethod
    def from_registry(cls, registry: Registry, wanted: tuple[str, ...]) -> Catalog:
        required = _required_types(registry)
        labels = {}
        for label_id in wanted:
            spec = registry.labels.get(label_id)
            if spec is None:
                continue
            criteria = [f"{label_id}:{c.number}" for c in spec.criteria]
            labels[label_id] = LabelData(
                id=label_id,
                criteria=criteria,
                items={
                    f"{label_id}:{c.number}": [f"{label_id}:{c.number}.{i.number}" for i in c.items]
                    for c in spec.criteria
                },
                own_types=[t.id for t in spec.document_types],
                required_types=sorted(required.get(label_id, set())),
                application_types=spec.application_types,
                application_keys=spec.application_keys,
                held_keys=spec.held_keys,
                audit_grades=spec.audit_grades,
                nonconformity_grades=spec.nonconformity_grades,
                graded_nonconformities=bool(spec.nonconformity_grades)
                and spec.default_nonconformity_grade is None,
                validity_years=spec.validity_years or 5,
            )
        shared = [t.id for t in registry.document_types.values() if t.label is None]
        return cls(labels, shared)


def _required_types(registry: Registry) -> dict[str, set[str]]:
    """Document types named by each label's required-document rules (read as data, not compiled)."""
    found: dict[str, set[str]] = {}
    for resource in registry.rule_files():
        data = loads(resource.read_text("utf-8"))
        for rule in data.get("rules", []):
            if rule.get("kind") == "required-document":
                found.setdefault(str(data.get("label")), set()).update(
                    rule.get("check", {}).get("types", [])
                )
    return found


def _pick(rng: random.Random, weighted) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _day(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> dt.date:
    return dt.date(year, rng.randint(first_month, last_month), rng.randint(1, 28))


class DossierBuilder:
    """One dossier as a dict shaped like the contract, then mutated by its scenario."""

    def __init__(self, catalog: Catalog, rng: random.Random, index: int):
        self.catalog, self.rng, self.index = catalog, rng, index
        self.data: dict[str, Any] = {"format": 1}
        self.documents: list[dict] = []
        self.applied: list[str] = []  # labels applied for
        self.counter = 0

    # -- the school and its labels -----------------------------------------------

    def build(self, scenario: str) -> dict[str, Any]:
        greta = "eduform" in self.catalog.labels and self.rng.random() < GRETA_SHARE
        self._establishment(greta)
        self._labels(greta, scenario)
        self._documents()
        if scenario == "missing-pieces":
            self._drop_pieces()  # before anything refers to them
        self._indicators_and_actions()
        self._partners()
        self._self_assessment()
        self._audits()
        self._nonconformities(scenario == "open-nonconformity")
        if scenario == "invalid":
            self.rng.choice((self._typo_key, self._bad_ref, self._bad_uai))()
        self.data["documents"] = self.documents
        return self.data

    def _establishment(self, greta: bool) -> None:
        rng = self.rng
        digits = f"{(self.index * 7919 + 450000) % 10_000_000:07d}"
        kind = rng.choice(("greta", "cfa")) if greta else _pick(rng, LYCEE_KINDS)
        town = rng.choice(TOWNS)
        name = (
            f"GRETA {town}"
            if kind == "greta"
            else f"CFA académique de {town}"
            if kind == "cfa"
            else f"Lycée {'professionnel' if kind == 'lp' else 'polyvalent' if kind == 'lpo' else 'EREA'} "
            f"{rng.choice(PATRONS)}, {town}"
        )
        self.data["establishment"] = {
            "uai": digits + uai_check_letter(digits),
            "name": name,
            "kind": kind,
            # GRETA and academic CFA are public bodies; some lycées are private under contract.
            "sector": "public" if greta or rng.random() < 0.85 else "private-contract",
            "academy": rng.choice(ACADEMIES),
            **(
                {"campus": [f"cmq-{rng.choice(('automobile', 'btp', 'numerique', 'sante'))}"]}
                if rng.random() < 0.4
                else {}
            ),
        }

    def _labels(self, greta: bool, scenario: str) -> None:
        held, applications = [], []
        labels = self.catalog.labels
        if greta:
            plan = {"eduform": "apply"}
        else:
            plan = {"ldm": "apply" if self.rng.random() < 0.92 else "hold"}
            for label in ("euroscol", "e3d"):
                plan[label] = "apply" if self.rng.random() < 0.4 else "hold"
            plan["eduform"] = "hold-greta"
        plan = {k: v for k, v in plan.items() if k in labels}
        expired = (
            self.rng.choice([k for k, v in plan.items() if v != "apply"] or list(plan))
            if scenario == "expired-label"
            else None
        )
        for label_id, what in plan.items():
            spec = labels[label_id]
            renewal = (
                what == "apply" and "renewal" in spec.application_types and self.rng.random() < 0.5
            )
            award = (
                self._held(spec, label_id == expired, renewal)
                if what != "apply" or renewal
                else None
            )
            if award:
                held.append(award)
            if what == "apply":
                applications.append(
                    self._application(spec, "renewal" if renewal else "initial", award)
                )
                self.applied.append(label_id)
        self.data["held"] = held
        self.data["applications"] = applications

    def _held(self, spec: LabelData, expired: bool, renewing: bool) -> dict:
        rng = self.rng
        years_ago = (
            spec.validity_years + rng.randint(1, 3)
            if expired
            else (spec.validity_years if renewing else rng.randint(0, spec.validity_years - 1))
        )
        entry: dict[str, Any] = {
            "label": spec.id,
            "awarded": _day(rng, APPLICATION_YEAR - years_ago, 5, 7),
        }
        if "level" in spec.held_keys:
            entry["level"] = rng.randint(1, 3)
        if "holder" in spec.held_keys and self.data["establishment"]["kind"] not in (
            "greta",
            "cfa",
        ):
            entry["holder"] = f"GRETA {rng.choice(TOWNS)}"
        if "categories" in spec.held_keys:
            entry["categories"] = sorted(rng.sample(EDUFORM_CATEGORIES, rng.randint(1, 3)))
        return entry

    def _application(self, spec: LabelData, kind: str, award: dict | None) -> dict:
        rng = self.rng
        submitted = _day(rng, APPLICATION_YEAR, 1, 3)
        entry: dict[str, Any] = {"label": spec.id, "type": kind}
        if "title" in spec.application_keys:
            trade, denominations = rng.choice(TRADES)
            entry["title"] = f"Lycée des métiers {trade}"
            entry["denominations"] = rng.sample(
                denominations, rng.randint(1, min(3, len(denominations)))
            )
        if "network" in spec.application_keys:
            entry["network"] = rng.random() < 0.1
        if "level" in spec.application_keys:
            held_level = (award or {}).get("level", 0)  # one level up at a time (E3D)
            entry["level"] = min(3, held_level + rng.randint(0 if held_level else 1, 1))
        if "categories" in spec.application_keys:
            entry["categories"] = sorted(rng.sample(EDUFORM_CATEGORIES, rng.randint(1, 3)))
        if "new_entrant" in spec.application_keys:
            entry["new_entrant"] = False
        entry["submitted"] = submitted
        entry["audit"] = submitted + dt.timedelta(days=rng.randint(45, 90))
        return entry

    # -- evidence ----------------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def _document(self, doc_type: str, title: str, **keys: Any) -> dict:
        entry = {"id": self._id(doc_type[:12]), "type": doc_type, "title": title, **keys}
        self.documents.append(entry)
        return entry

    def _documents(self) -> None:
        rng = self.rng
        first_submitted = min(
            (a["submitted"] for a in self.data["applications"]),
            default=dt.date(APPLICATION_YEAR, 3, 1),
        )
        self._document(
            "projet-etablissement",
            "Projet d'établissement 2024-2028",
            date=dt.date(2024, 6, 20),
            file="pieces/projet-etablissement.pdf",
        )
        self._document(
            "pv-ca",
            "Procès-verbal du conseil d'administration",
            date=first_submitted - dt.timedelta(days=rng.randint(5, 40)),
        )
        for label_id in self.applied:
            spec = self.catalog.labels[label_id]
            application = next(a for a in self.data["applications"] if a["label"] == label_id)
            for doc_type in dict.fromkeys([*spec.required_types, *spec.own_types]):
                if doc_type in ("projet-etablissement", "pv-ca"):
                    continue
                if doc_type == "plaquette":
                    for denomination in application.get("denominations", []):
                        self._document(
                            "plaquette", f"Plaquette « {denomination} »", denomination=denomination
                        )
                    continue
                keys: dict[str, Any] = {
                    "date": application["submitted"] - dt.timedelta(days=rng.randint(10, 60)),
                    "supports": [label_id],
                }
                if doc_type.startswith("tableau-bord"):
                    keys["years"] = list(range(APPLICATION_YEAR - 5, APPLICATION_YEAR))
                if doc_type.endswith("candidature"):
                    keys["file"] = f"pieces/{doc_type}.pdf"
                self._document(
                    doc_type, f"{doc_type.replace('-', ' ').capitalize()} ({label_id})", **keys
                )
        labels = self.applied or list(self.catalog.labels)
        criteria = [c for label in labels for c in self.catalog.labels[label].criteria]
        for number in range(rng.randint(8, 18)):  # reports, photos, minutes
            supports = rng.sample(criteria, min(len(criteria), rng.randint(1, 3)))
            self._document(
                "preuve",
                f"Compte rendu n° {number + 1}",
                date=_day(rng, APPLICATION_YEAR - 1),
                supports=supports,
            )

    def _indicators_and_actions(self) -> None:
        rng = self.rng
        indicators, actions = [], []
        for label_id in self.applied:
            for ref in self.catalog.labels[label_id].criteria:
                supports = [ref] + (
                    [rng.choice(self._all_criteria())] if rng.random() < 0.3 else []
                )
                values = {
                    str(year): round(rng.uniform(5, 90), 1)
                    for year in range(APPLICATION_YEAR - 3, APPLICATION_YEAR)
                }
                indicator = {
                    "id": self._id("ind"),
                    "name": f"Indicateur de suivi {ref}",
                    "supports": sorted(set(supports)),
                    "values": values,
                }
                if rng.random() < 0.6:
                    indicator["target"] = rng.randint(50, 100)
                indicators.append(indicator)
        for _ in range(rng.randint(2, 4)):  # indicators shared by several labels
            supports = sorted(
                set(rng.sample(self._all_criteria(), min(2, len(self._all_criteria()))))
            )
            indicators.append(
                {
                    "id": self._id("ind"),
                    "name": "Indicateur partagé",
                    "supports": supports,
                    "values": {"2024": rng.randint(5, 40), "2025": rng.randint(5, 40)},
                }
            )
        for label_id in self.applied:  # the action plan: one strategic objective per criterion
            for ref in self.catalog.labels[label_id].criteria:
                action = {
                    "id": self._id("A"),
                    "title": f"Action pour {ref}",
                    "supports": [ref],
                    "indicators": [rng.choice(indicators)["id"]],
                    "owner": rng.choice(("DDFPT", "CPE", "Proviseur")),
                    "start": dt.date(APPLICATION_YEAR - 2, 9, 1),
                    "end": dt.date(APPLICATION_YEAR, 6, 30),
                }
                if rng.random() < 0.3:
                    action["done"] = _day(rng, APPLICATION_YEAR, 1, 4)
                actions.append(action)
        self.data["indicators"], self.data["actions"] = indicators, actions

    def _all_criteria(self) -> list[str]:
        labels = self.applied or list(self.catalog.labels)
        return [c for label in labels for c in self.catalog.labels[label].criteria]

    def _partners(self) -> None:
        rng = self.rng
        partners = []
        for _ in range(rng.randint(2, 5)):
            kind, name = rng.choice(PARTNER_KINDS)
            partner = {
                "id": self._id("partner"),
                "name": f"{name} {rng.choice(TOWNS)}",
                "kind": kind,
                "country": "FR" if rng.random() < 0.8 else rng.choice(("DE", "ES", "IT", "PT")),
                "supports": rng.sample(self._all_criteria(), min(2, len(self._all_criteria()))),
            }
            if rng.random() < 0.6:
                partner["agreement"] = self._document(
                    "convention",
                    f"Convention avec {partner['name']}",
                    date=_day(rng, APPLICATION_YEAR - 2),
                )["id"]
            partners.append(partner)
        if "e3d" in self.applied:  # a territorial partner, as E3D asks
            partners.append(
                {
                    "id": self._id("partner"),
                    "name": "Communauté de communes",
                    "kind": "local-authority",
                    "supports": ["e3d:1"] if "e3d:1" in self._all_criteria() else [],
                }
            )
        self.data["partners"] = partners

    def _self_assessment(self) -> None:
        rng = self.rng
        evidence = [d["id"] for d in self.documents] + [i["id"] for i in self.data["indicators"]]
        items, complete = [], []
        for label in self.applied:
            spec = self.catalog.labels[label]
            own = [i for c in spec.criteria for i in spec.items[c]]
            # Descriptors guide (LDM: a sample is answered); indicators are audited one by one
            # (Eduform/Qualiopi: every one gets its evidence).
            (complete if spec.graded_nonconformities else items).extend(own)
        refs = complete + rng.sample(items, min(len(items), rng.randint(10, 25)))
        lines = []
        for ref in refs:
            lines.append(
                {
                    "ref": ref,
                    "evidence": rng.sample(evidence, rng.randint(1, 2)),
                    "note": "Élément de preuve rattaché au descripteur",
                }
            )
        self.data["self_assessment"] = lines

    def _audits(self) -> None:
        rng = self.rng
        audits = []
        for application in self.data["applications"]:
            spec = self.catalog.labels[application["label"]]
            if not spec.audit_grades:
                continue
            day = application["audit"]
            auditors = rng.sample(PEOPLE, 3)
            items = [i for c in spec.criteria for i in spec.items[c]] or spec.criteria
            audits.append(
                {
                    "label": spec.id,
                    "type": application["type"],
                    "date": day,
                    "auditors": auditors,
                    "lead": auditors[0],
                    "plan_returned": day - dt.timedelta(days=rng.randint(16, 25)),
                    "report_sent": day + dt.timedelta(days=rng.randint(3, 9)),
                    "findings": [
                        {
                            "ref": rng.choice(items),
                            "grade": rng.choice(spec.audit_grades[:3]),
                            "text": "Constat de l'équipe d'audit",
                        }
                        for _ in range(rng.randint(2, 5))
                    ],
                }
            )
        self.data["audits"] = audits

    def _nonconformities(self, open_one: bool) -> None:
        rng = self.rng
        entries = []
        for application in self.data["applications"]:
            spec = self.catalog.labels[application["label"]]
            if not (open_one or rng.random() < 0.2):
                continue
            raised = application["audit"] - dt.timedelta(days=rng.randint(200, 400))
            entry: dict[str, Any] = {
                "id": self._id("NC"),
                "ref": rng.choice(spec.criteria),
                "audit_type": application["type"],
                "raised": raised,
                "due": raised + dt.timedelta(days=90),
                "corrective_action": "Formaliser la procédure",
                "owner": "CPE",
            }
            if spec.graded_nonconformities or (spec.nonconformity_grades and rng.random() < 0.5):
                entry["grade"] = rng.choice(spec.nonconformity_grades)
            if open_one:
                entry["status"] = "open"
                open_one = False
            else:
                entry["status"], entry["lifted"] = (
                    "lifted",
                    raised + dt.timedelta(days=rng.randint(20, 80)),
                )
            entries.append(entry)
        self.data["nonconformities"] = entries

    # -- what goes wrong ---------------------------------------------------------------

    def _drop_pieces(self) -> None:
        required = {t for label in self.applied for t in self.catalog.labels[label].required_types}
        candidates = [d for d in self.documents if d["type"] in required]
        for document in self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 2))):
            self.documents.remove(document)

    def _typo_key(self) -> None:
        document = self.rng.choice(self.documents)
        document["titel"] = document.pop("title")

    def _bad_ref(self) -> None:
        indicator = self.rng.choice(self.data["indicators"])
        label = indicator["supports"][0].split(":")[0]
        indicator["supports"] = [
            *indicator["supports"],
            f"{label}:{len(self.catalog.labels[label].criteria) + 3}",
        ]

    def _bad_uai(self) -> None:
        uai = self.data["establishment"]["uai"]
        keys = "ABCDEFGHJKLMNPRSTUVWXYZ"
        self.data["establishment"]["uai"] = uai[:7] + keys[(keys.index(uai[7]) + 1) % len(keys)]


# -- TOML text --------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def to_toml(data: dict[str, Any]) -> str:
    """The dossier as TOML: scalars, then tables, then arrays of tables (one level of nesting)."""
    out = []
    for key, value in data.items():
        if not isinstance(value, (dict, list)):
            out.append(f"{key} = {_value(value)}")
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"\n[{key}]")
            out.extend(f"{k} = {_value(v)}" for k, v in value.items())
    for key, value in data.items():
        if isinstance(value, list):
            for entry in value:
                out.append(f"\n[[{key}]]")
                nested = {
                    k: v
                    for k, v in entry.items()
                    if isinstance(v, list) and v and isinstance(v[0], dict)
                }
                out.extend(f"{k} = {_value(v)}" for k, v in entry.items() if k not in nested)
                for sub, entries in nested.items():
                    for sub_entry in entries:
                        out.append(f"\n[[{key}.{sub}]]")
                        out.extend(f"{k} = {_value(v)}" for k, v in sub_entry.items())
    return "\n".join(out) + "\n"


# -- writing ---------------------------------------------------------------------------


def scenario_of(rng: random.Random) -> str:
    return _pick(rng, SCENARIOS)


def dossier(catalog: Catalog, seed: int, index: int) -> tuple[str, dict[str, Any]]:
    """Dossier number `index` of the set generated with `seed`: its scenario and its data."""
    rng = random.Random(f"{seed}:{index}")
    scenario = scenario_of(rng)
    return scenario, DossierBuilder(catalog, rng, index).build(scenario)


def write_dossier(folder: Path, data: dict[str, Any]) -> None:
    (folder / "pieces").mkdir(parents=True, exist_ok=True)
    (folder / "dossier.toml").write_text(to_toml(data), encoding="utf-8")
    for document in data["documents"]:
        if "file" in document:
            (folder / document["file"]).write_bytes(b"%PDF-1.4\n%%EOF\n")


def generate(
    count: int,
    target: Path,
    labels: tuple[str, ...] = DEFAULT_LABELS,
    seed: int = 1,
    registry: Registry | None = None,
) -> dict[str, int]:
    """Write `count` dossiers under `target`; the number of each scenario."""
    registry = registry or Registry.from_plugins()
    catalog = Catalog.from_registry(registry, labels)
    if not catalog.labels:
        raise SystemExit(f"none of the labels {', '.join(labels)} is installed")
    counts: dict[str, int] = {}
    for index in range(count):
        scenario, data = dossier(catalog, seed, index)
        counts[scenario] = counts.get(scenario, 0) + 1
        write_dossier(target / f"{index:05d}", data)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--labels", default=",".join(DEFAULT_LABELS), help="labels to build dossiers for"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    wanted = tuple(label.strip() for label in args.labels.split(",") if label.strip())
    registry = Registry.from_plugins()
    missing = [label for label in wanted if label not in registry.labels]
    if missing:
        print(f"generate: not installed, left out: {', '.join(missing)}", file=sys.stderr)
    start = time.perf_counter()
    counts = generate(args.count, args.directory, wanted, args.seed, registry)
    elapsed = time.perf_counter() - start
    mix = ", ".join(f"{name} {counts.get(name, 0)}" for name, _ in SCENARIOS)
    print(
        f"{args.count} dossiers in {args.directory} ({elapsed:.1f} s; labels "
        f"{', '.join(label for label in wanted if label in registry.labels)}; {mix})"
    )


if __name__ == "__main__":
    main()
