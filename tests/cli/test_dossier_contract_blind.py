"""The dossier contract (shared/spec/dossier-format.md, 1.1), read sentence by sentence by a
tester who had only it and the `labelcheck` command: each case edits an example dossier the
way the contract's claim invites, runs `labelcheck evaluate --format json`, and checks what a
user sees, the input error (key path, line, what was expected, the close match) or the
verdict. Mostly claims the rest of the suite did not check, or not from the user's side
(the blind format audit).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"
LURCAT = EXAMPLES / "lp-jean-lurcat"
MULTI = EXAMPLES / "lycee-multilabel"
AS_OF = "2026-05-20"

NC_EDUFORM = (
    '\n[[nonconformities]]\nid = "NC-EDU-{n}"\nref = "eduform:{ref}"\ngrade = "minor"\n'
    'audit_type = "initial"\nraised = 2026-03-02\nstatus = "open"\n'
)
EDUFORM_APPLICATION = (
    '\n[[applications]]\nlabel = "eduform"\ntype = "initial"\ncategories = ["training"]\n'
    "submitted = 2026-01-15\n"
)


@dataclass(frozen=True)
class Bad:
    """A claim that makes a dossier invalid: exit status 2, one error at `path`, on the line
    holding `at`, its message holding `says`, and `meant` as the close match, if any."""

    claim: str
    example: Path
    old: str
    new: str
    path: str
    at: str
    says: str
    meant: str | None = None


BAD = [
    Bad(
        "a criterion the label does not have is refused, the valid choices listed",
        LURCAT,
        'supports = ["ldm:5"]',
        'supports = ["ldm:5", "eduform:8"]',
        "indicators[4].supports[1]",
        'supports = ["ldm:5", "eduform:8"]',
        "le label eduform n'a pas de critère 8",
    ),
    Bad(
        "an item that is not in its criterion is refused, its criterion's items listed",
        LURCAT,
        'supports = ["ldm:5"]',
        'supports = ["ldm:5", "eduform:2.9"]',
        "indicators[4].supports[1]",
        'supports = ["ldm:5", "eduform:2.9"]',
        "indicateur 9 absent du critère eduform:2, il est dans eduform:3",
        "eduform:3.9",
    ),
    Bad(
        "an item past the last of its criterion is refused, the closest offered",
        LURCAT,
        'supports = ["ldm:5"]',
        'supports = ["ldm:5", "eduform:7.33"]',
        "indicators[4].supports[1]",
        'supports = ["ldm:5", "eduform:7.33"]',
        "valeurs possibles\u202f: eduform:7.30, eduform:7.31, eduform:7.32",
        "eduform:7.32",
    ),
    Bad(
        "Euroscol's criteria have no numbered items",
        LURCAT,
        'supports = ["ldm:5"]',
        'supports = ["ldm:5", "euroscol:2.1"]',
        "indicators[4].supports[1]",
        'supports = ["ldm:5", "euroscol:2.1"]',
        "les critères du label euroscol ne sont pas subdivisés en éléments numérotés",
        "euroscol:2",
    ),
    Bad(
        "ldm:9 exists only where the profile in force adds it (not under the CVL profile)",
        LURCAT,
        'supports = ["ldm:5"]',
        'supports = ["ldm:9"]',
        "indicators[4].supports[0]",
        'supports = ["ldm:9"]',
        "le label ldm n'a pas de critère 9",
    ),
    Bad(
        "a key written with a look-alike letter (Cyrillic е) is named, with the key meant",
        LURCAT,
        'sector = "public"',
        'sеctor = "public"',
        "establishment.sеctor",
        'sеctor = "public"',
        "«\u202fе\u202f» (U+0435, cyrillique), qui ressemble à «\u202fe\u202f»\u202f: écrire sector",
    ),
    Bad(
        "E3D's level is 1 to 3",
        MULTI,
        "level = 2\nsubmitted",
        "level = 4\nsubmitted",
        "applications[1].level",
        "level = 4",
        "nombre ≤ 3 attendu\u202f; reçu 4",
    ),
    Bad(
        "network is a boolean",
        LURCAT,
        "network = false",
        'network = "non"',
        "applications[0].network",
        'network = "non"',
        "vrai ou faux (true/false) attendu",
    ),
    Bad(
        "an Eduform category is one of the four, the one meant offered",
        MULTI,
        'categories = ["training", "apprenticeship"]',
        'categories = ["trainig", "apprenticeship"]',
        "held[3].categories[0]",
        'categories = ["trainig"',
        "valeurs possibles\u202f: training, skills-assessment, vae, apprenticeship",
        "training",
    ),
    Bad(
        "Eduform's categories are rejected on an LDM application",
        LURCAT,
        "network = false",
        'network = false\ncategories = ["vae"]',
        "applications[0].categories",
        'categories = ["vae"]',
        "la clé «\u202fcategories\u202f» ne s'applique pas au label ldm (elle sert à\u202f: eduform)",
    ),
    Bad(
        "1.1: subcontracting is Eduform's, rejected on an LDM application",
        LURCAT,
        "network = false",
        "network = false\nsubcontracting = true",
        "applications[0].subcontracting",
        "subcontracting = true",
        "(elle sert à\u202f: eduform)",
    ),
    Bad(
        "1.1: a decision's kind is equivalence, the only kind so far",
        MULTI,
        'kind = "equivalence"',
        'kind = "equivalance"',
        "decisions[0].kind",
        'kind = "equivalance"',
        "seule valeur possible\u202f: equivalence",
        "equivalence",
    ),
    Bad(
        "1.1: a decision's date is required",
        MULTI,
        "date = 2026-02-02\n",
        "",
        "decisions[0].date",
        "[[decisions]]",
        "clé obligatoire «\u202fdate\u202f» absente",
    ),
    Bad(
        "ids are unique within their kind: two fiches d'écart of one id",
        MULTI,
        'owner = "CPE"',
        'owner = "CPE"\n\n[[nonconformities]]\nid = "FE-2026-01"\nref = "ldm:3"\n'
        'audit_type = "renewal"\nraised = 2026-05-20\nstatus = "open"',
        "nonconformities[1].id",
        'owner = "CPE"\n\n[[nonconformities]]\nid = "FE-2026-01"',
        "identifiant «\u202fFE-2026-01\u202f» déjà pris par nonconformities[0]",
    ),
    Bad(
        "a fiche d'écart's audit type is one of its label's, one wording whatever was written",
        MULTI,
        'audit_type = "renewal"',
        'audit_type = "renwal"',
        "nonconformities[0].audit_type",
        'audit_type = "renwal"',
        "type d'audit «\u202frenwal\u202f» non prévu pour le label Lycée des métiers",
        "renewal",
    ),
    Bad(
        "an audit's lead must exist among its auditors",
        MULTI,
        'lead = "A. Martin"',
        'lead = "Z. Martin"',
        "audits[0].lead",
        'lead = "Z. Martin"',
        "n'est pas parmi les auditeurs (A. Martin, B. Durand, C. Petit)",
        "A. Martin",
    ),
    Bad(
        "Eduform's audit findings are compliant, minor or major",
        MULTI,
        'owner = "CPE"',
        'owner = "CPE"\n\n[[audits]]\nlabel = "eduform"\ntype = "surveillance"\n'
        'date = 2026-04-01\n[[audits.findings]]\nref = "eduform:2.5"\ngrade = "strength"',
        "audits[1].findings[0].grade",
        'ref = "eduform:2.5"\ngrade = "strength"',
        "valeurs possibles\u202f: compliant (conforme), major (non-conformité majeure), "
        "minor (non-conformité mineure)",
    ),
    Bad(
        "a partner's agreement is a document's id, the close one offered",
        MULTI,
        'agreement = "conv-region"',
        'agreement = "conv-regoin"',
        "partners[0].agreement",
        'agreement = "conv-regoin"',
        "introuvable parmi les pièces (documents)",
        "conv-region",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=[case.claim for case in BAD])
def test_a_dossier_the_contract_makes_invalid_says_where_and_why(case: Bad, cli, tmp_path):
    folder = edited(case.example, case.old, case.new, tmp_path)
    result = cli("evaluate", folder, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 2, result.output
    [dossier] = json.loads(result.stdout)["dossiers"]
    assert dossier["labels"] == []
    [error] = dossier["errors"]
    assert error["path"] == case.path
    assert error["line"] == line_of(folder / "dossier.toml", case.at)
    assert case.says in error["message"], error["message"]
    assert error.get("suggestion") == case.meant
    assert "Traceback" not in result.output


@dataclass(frozen=True)
class Judged:
    """A claim about how a valid dossier is judged: exit status 0 with `--fail-on never`, and
    `holds` true of the JSON report of its one dossier."""

    claim: str
    example: Path
    old: str
    new: str
    holds: Callable[[dict], bool]  # of the dossier's object in the report
    options: tuple[str, ...] = ()


def label(dossier: dict, label_id: str) -> dict:
    return next(one for one in dossier["labels"] if one["label"] == label_id)


def status(dossier: dict, ref: str) -> str:
    label_id = ref.partition(":")[0]
    return next(c["status"] for c in label(dossier, label_id)["criteria"] if c["ref"] == ref)


def rules(dossier: dict, label_id: str, severity: str) -> set[str]:
    return {f["rule"] for f in label(dossier, label_id)["findings"] if f["severity"] == severity}


def messages(dossier: dict, label_id: str) -> str:
    return "\n".join(f["message"] for f in label(dossier, label_id)["findings"])


JUDGED = [
    Judged(
        "1.1: a fiche whose lifted date is after the as-of date is open at that date",
        LURCAT,  # as it stands: FE-2026-01 lifted on 12 June, judged on 20 May
        "lifted = 2026-06-12",
        "lifted = 2026-06-12",
        lambda d: "LDM-DEVIATION-OPEN" in rules(d, "ldm", "warning"),
    ),
    Judged(
        "1.1: a held label awarded after the as-of date is not held yet, never expired",
        MULTI,
        'label = "euroscol"\nawarded = 2024-06-15',
        'label = "euroscol"\nawarded = 2026-06-01',
        lambda d: (
            label(d, "euroscol")["held"]["status"] == "not-yet-awarded"
            and label(d, "euroscol")["verdict"] != "expired"
            and status(d, "ldm:6") == "met"
        ),
    ),
    Judged(
        "1.1: an equivalence decision dated after the as-of date does not apply",
        MULTI,
        "date = 2026-02-02",
        "date = 2026-05-21",
        lambda d: status(d, "ldm:6") == "met",
    ),
    Judged(
        "1.1: a decision dated on the as-of date applies (« no later than »)",
        MULTI,
        "date = 2026-02-02",
        "date = 2026-05-20",
        lambda d: status(d, "ldm:6") == "met-by-equivalence",
    ),
    Judged(
        "1.1: the equivalence needs the other label valid at the as-of date",
        MULTI,
        'label = "euroscol"\nawarded = 2024-06-15',
        'label = "euroscol"\nawarded = 2019-06-15\nexpires = 2026-05-20',
        lambda d: status(d, "ldm:6") == "met" and label(d, "euroscol")["verdict"] == "expired",
    ),
    Judged(
        "1.1: under national, which adopts none, the dossier's recorded decision applies",
        MULTI,  # as it stands: the groupe LDM's decision of 2 February
        '[[decisions]]\nkind = "equivalence"\nequivalence = "euroscol-ldm-6"\n',
        '[[decisions]]\nkind = "equivalence"\nequivalence = "euroscol-ldm-6"\n',
        lambda d: status(d, "ldm:6") == "met-by-equivalence" and d["profile"] == "national",
        ("--profile", "national"),
    ),
    Judged(
        "1.1: a document dated after the as-of date does not count (the report says so)",
        LURCAT,
        "date = 2026-03-03",
        "date = 2026-06-03",
        lambda d: (
            "LDM-DOC-REQUIRED" in rules(d, "ldm", "blocking")
            and "DATED-LATER" in rules(d, "ldm", "info")
        ),
    ),
    Judged(
        "1.1: an écart (deviation) found at the audit never blocks nor unmeets its criterion",
        LURCAT,
        'grade = "remark"',
        'grade = "deviation"',
        lambda d: label(d, "ldm")["verdict"] == "ready" and status(d, "ldm:3") == "met",
    ),
    Judged(
        "1.1: a nonconformity found at a renewal audit with no fiche counts as open, blocks",
        LURCAT,
        'grade = "remark"',
        'grade = "nonconformity"',
        lambda d: label(d, "ldm")["verdict"] == "not-ready" and status(d, "ldm:3") == "not-met",
    ),
    Judged(
        "1.1: a fiche for that label and criterion (another of its items) answers it",
        LURCAT,
        'grade = "remark"\ntext = "Suivi des élèves en fragilité non formalisé"',
        'grade = "nonconformity"\ntext = "Suivi des élèves en fragilité non formalisé"\n\n'
        '[[nonconformities]]\nid = "FE-2"\nref = "ldm:3.14"\naudit_type = "renewal"\n'
        'raised = 2026-05-20\nstatus = "lifted"\nlifted = 2026-05-20',
        lambda d: label(d, "ldm")["verdict"] == "ready",
    ),
    Judged(
        "1.1: Eduform: minor on indicator 5 counts major, with a warning naming art. 5",
        MULTI,
        'owner = "CPE"',
        'owner = "CPE"\n' + NC_EDUFORM.format(n=5, ref="2.5"),
        lambda d: (
            "(art. 5)" in messages(d, "eduform")
            and "Non-conformité majeure NC-EDU-5" in messages(d, "eduform")
        ),
    ),
    Judged(
        "1.1: Eduform: minor on indicator 8 (not in the list) stays minor",
        MULTI,
        'owner = "CPE"',
        'owner = "CPE"\n' + NC_EDUFORM.format(n=8, ref="2.8"),
        lambda d: "majeure" not in messages(d, "eduform"),
    ),
    Judged(
        "1.1: Eduform indicator 27 applies only when the body subcontracts",
        MULTI,
        'owner = "CPE"',
        'owner = "CPE"\n' + EDUFORM_APPLICATION,
        lambda d: all(f["ref"] != "eduform:6.27" for f in label(d, "eduform")["findings"]),
    ),
    Judged(
        "1.1: ... and applies when it does",
        MULTI,
        'owner = "CPE"',
        'owner = "CPE"\n' + EDUFORM_APPLICATION + "subcontracting = true\n",
        lambda d: any(f["ref"] == "eduform:6.27" for f in label(d, "eduform")["findings"]),
    ),
    Judged(
        "a pv-ca whose supports name a label serves that label only",
        MULTI,
        'file = "pieces/pv-ca-2026-03-03.pdf"',
        'file = "pieces/pv-ca-2026-03-03.pdf"\nsupports = ["e3d"]',
        lambda d: "LDM-DOC-REQUIRED" in rules(d, "ldm", "blocking"),
    ),
    Judged(
        "a file named but missing is a finding, not an input error",
        LURCAT,
        'file = "pieces/projet-etablissement.pdf"',
        'file = "pieces/absent.pdf"',
        lambda d: not d["errors"] and "pieces/absent.pdf" in messages(d, "ldm"),
    ),
    Judged(
        "a file that comes back inside by `..` stays inside: no escape",
        LURCAT,
        'file = "pieces/projet-etablissement.pdf"',
        'file = "pieces/../pieces/projet-etablissement.pdf"',
        lambda d: not d["errors"] and "introuvable" not in messages(d, "ldm"),
    ),
    Judged(
        "the pv-ca dated the day the dossier was sent is « no later than submitted »",
        LURCAT,
        "date = 2026-03-03",
        "date = 2026-03-10",
        lambda d: label(d, "ldm")["verdict"] == "ready",
    ),
    Judged(
        "the enrolment dashboards must cover the five years before the application's year",
        LURCAT,
        "years = [2021, 2022, 2023, 2024, 2025]",
        "years = [2021, 2022, 2024, 2025, 2026]",
        lambda d: (
            "années manquantes" not in messages(d, "ldm")
            and "année manquante\u202f: 2023" in messages(d, "ldm")
        ),
    ),
]


@pytest.mark.parametrize("case", JUDGED, ids=[case.claim for case in JUDGED])
def test_a_valid_dossier_is_judged_as_the_contract_says(case: Judged, cli, tmp_path):
    folder = edited(case.example, case.old, case.new, tmp_path)
    result = cli(
        "evaluate", folder, "--as-of", AS_OF, "--format", "json", "--fail-on", "never",
        *case.options,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [dossier] = json.loads(result.stdout)["dossiers"]
    assert dossier["errors"] == []
    assert case.holds(dossier), json.dumps(dossier["labels"], ensure_ascii=False)[:2000]


def test_a_ninth_ldm_criterion_exists_where_the_profile_adds_it(cli, tmp_path):
    """« ldm:9 exists only where the academic profile in force adds a ninth criterion »: its
    items are those the profile numbers, another is refused with them listed."""
    profile = tmp_path / "ninth.toml"
    profile.write_text(
        'name = "avec-un-neuvieme"\ntitle = "Cahier des charges"\nextends = "national"\n'
        '[[criteria]]\nlabel = "ldm"\nnumber = 9\ntitle = "Transition écologique"\n'
        'source = "Cahier des charges"\n[[criteria.items]]\nnumber = 47\ntitle = "Sobriété."\n',
        "utf-8",
    )
    fine = edited(LURCAT, 'supports = ["ldm:5"]', 'supports = ["ldm:9", "ldm:9.47"]', tmp_path)
    run = cli("evaluate", fine, "--as-of", AS_OF, "--format", "json", "--profile", profile)
    assert run.exit_code in (0, 1), run.output
    [dossier] = json.loads(run.stdout)["dossiers"]
    assert dossier["errors"] == []
    assert "ldm:9" in {criterion["ref"] for criterion in label(dossier, "ldm")["criteria"]}
    wrong = edited(LURCAT, 'supports = ["ldm:5"]', 'supports = ["ldm:9.48"]', tmp_path / "b")
    run = cli("evaluate", wrong, "--as-of", AS_OF, "--format", "json", "--profile", profile)
    assert run.exit_code == 2
    [error] = json.loads(run.stdout)["dossiers"][0]["errors"]
    assert "valeurs possibles\u202f: ldm:9.47" in error["message"]


def test_the_json_form_of_a_dossier_is_judged_as_its_toml_form(cli, tmp_path):
    """« dossier.json with the same structure is accepted too »; dates as ISO strings."""
    toml_dossier = tomllib.loads((MULTI / "dossier.toml").read_text("utf-8"))
    folder = tmp_path / "json"
    shutil.copytree(MULTI, folder)
    (folder / "dossier.toml").unlink()
    (folder / "dossier.json").write_text(json.dumps(toml_dossier, default=str), "utf-8")
    as_json = cli("evaluate", folder, "--as-of", AS_OF, "--format", "json", "--fail-on", "never")
    as_toml = cli("evaluate", MULTI, "--as-of", AS_OF, "--format", "json", "--fail-on", "never")
    assert as_json.exit_code == as_toml.exit_code == 0, as_json.output
    [from_json] = json.loads(as_json.stdout)["dossiers"]
    [from_toml] = json.loads(as_toml.stdout)["dossiers"]
    assert from_json["labels"] == from_toml["labels"]


def edited(example: Path, old: str, new: str, tmp_path: Path) -> Path:
    """A copy of `example`'s folder whose dossier.toml writes `new` where it wrote `old`."""
    folder = tmp_path / example.name
    shutil.copytree(example, folder)
    path = folder / "dossier.toml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return folder


def line_of(path: Path, text: str) -> int:
    """The number of the line of `path` where the first `text` it holds ends."""
    content = path.read_text("utf-8")
    return content[: content.index(text) + len(text)].count("\n") + 1
