"""How labels articulate in one dossier: equivalences, links, shared pieces, independent plugins.

Contracts: spec/cli-and-report.md (an equivalence is judged at the as-of date
of the application it serves; an applicable one wins over the criterion's
own evidence) and spec/dossier-format.md (a pv-ca without `supports` serves
every application, one with bare label ids those labels only; 1.1: an
equivalence applies only when the school's profile adopts it or the dossier
records the decision, dated no later than the as-of date). Circular of
23 October 2023, § 3: the groupe Lycée des métiers « peut décider » that
Euroscol stands for LDM criterion 6; the GRETA's Eduform approach feeds the
LDM self-assessment.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from labelcheck.core.engine import Engine
from labelcheck.core.report import DossierResult, LabelResult
from labelcheck.core.writers.combined import links
from support import criterion, findings_of, report

FIXTURES = Path(__file__).parent / "fixtures" / "articulation"
WITHOUT_EQUIVALENCE = str(FIXTURES / "profile-without-euroscol-equivalence.toml")
ADOPTING = str(FIXTURES / "profile-adopting-euroscol-equivalence.toml")
PLUGINS = Path(__file__).parents[2] / "plugins"


EXAMPLES = Path(__file__).parents[2] / "examples"


def label(result: DossierResult, label_id: str) -> LabelResult:
    assert not result.errors, "\n".join(map(str, result.errors))
    assert result.internal_error is None, result.internal_error
    return next(r for r in result.labels if r.label == label_id)


# -- Euroscol stands in for LDM criterion 6 ------------------------------------------------------


def test_euroscol_valid_at_the_ldm_audit_meets_criterion_6(evaluate):
    ldm = label(
        evaluate(FIXTURES / "euroscol-valid-at-audit.toml"), "ldm"
    )  # the groupe's decision recorded
    ldm6 = criterion(ldm, "ldm:6")
    assert (ldm6.status, ldm6.via, ldm6.equivalence) == (
        "met-by-equivalence",
        "euroscol",
        "euroscol-ldm-6",
    )
    assert [(e["id"], e["applied"], e["via_status"]) for e in ldm.equivalences] == [
        ("euroscol-ldm-6", True, "valid")
    ]
    assert [f.ref for f in findings_of(ldm, "LDM-EQUIVALENCE-APPLIED")] == ["ldm:6"]


def test_an_open_nonconformity_on_a_criterion_met_by_equivalence_still_blocks(tmp_path, evaluate):
    """An applicable equivalence wins over the criterion's own evidence, not over a fiche the
    auditors raised there and left open: « non-conformité […] empêchant de satisfaire le
    critère correspondant » (cahier des charges 2026, 1re partie § 5), blocking the award until
    lifted. The criterion read « réputé satisfait » beside the blocking finding; it is not met,
    and says which equivalence was set aside."""
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(
        (FIXTURES / "euroscol-valid-at-audit.toml").read_text(encoding="utf-8")
        + """
[[nonconformities]]
id = "FE-6"
ref = "ldm:6"
audit_type = "initial"
raised = 2026-05-20
status = "open"
corrective_action = "Formaliser le plan d'ouverture internationale"
""",
        encoding="utf-8",
    )
    ldm = label(evaluate(dossier), "ldm")
    ldm6 = criterion(ldm, "ldm:6")
    assert (ldm6.status, ldm6.via) == ("not-met", None)
    assert ldm6.set_aside is not None and ldm6.set_aside.fiches == ("FE-6",)
    assert ldm.verdict == "not-ready"
    assert [(f.ref, f.severity) for f in findings_of(ldm, "LDM-NC-OPEN")] == [("ldm:6", "blocking")]


def test_the_report_says_the_equivalence_was_adopted_by_a_recorded_decision(cli):
    result = cli("evaluate", FIXTURES / "euroscol-valid-at-audit.toml", "--format", "json")
    [dossier] = report(result)["dossiers"]
    ldm = next(r for r in dossier["labels"] if r["label"] == "ldm")
    [equivalence] = ldm["equivalences"]
    assert (equivalence["id"], equivalence["applied"], equivalence["adopted_by"]) == (
        "euroscol-ldm-6",
        True,
        "decision",
    )
    assert equivalence["decision"] == {
        "by": "groupe académique Lycée des métiers",
        "date": "2026-02-02",
        "reference": "Relevé de décisions du groupe LDM du 2 février 2026",
    }


@pytest.mark.parametrize(
    "profile", [None, WITHOUT_EQUIVALENCE], ids=["national", "profile-not-adopting"]
)
def test_euroscol_valid_without_any_decision_does_not_stand_in(profile, evaluate):
    ldm = label(evaluate(FIXTURES / "euroscol-valid-undecided.toml", profile=profile), "ldm")
    ldm6 = criterion(ldm, "ldm:6")
    assert (ldm6.status, ldm6.via) == ("met", None)  # examined on its own indicator and report
    assert [(e["id"], e["applied"], e["adopted_by"]) for e in ldm.equivalences] == [
        ("euroscol-ldm-6", False, None)
    ]
    assert not findings_of(ldm, "LDM-EQUIVALENCE-APPLIED")
    [undecided] = findings_of(ldm, "LDM-EQUIVALENCE-UNDECIDED")  # the groupe may still decide
    assert (undecided.severity, undecided.ref) == ("info", "ldm:6")


def test_a_profile_adopting_the_equivalence_applies_it_without_a_decision_in_the_dossier(evaluate):
    ldm = label(evaluate(FIXTURES / "euroscol-valid-undecided.toml", profile=ADOPTING), "ldm")
    assert criterion(ldm, "ldm:6").status == "met-by-equivalence"
    assert [(e["id"], e["applied"], e["adopted_by"]) for e in ldm.equivalences] == [
        ("euroscol-ldm-6", True, "profile")
    ]


@pytest.mark.parametrize(
    ("fixture", "profile", "nature"),
    [
        ("euroscol-valid-undecided.toml", ADOPTING, "academy"),  # the profile's choice
        ("euroscol-valid-at-audit.toml", None, "text"),  # a decision recorded, under national
    ],
    ids=["by-the-profile", "by-a-recorded-decision"],
)
def test_an_equivalence_a_profile_adopts_is_said_the_profile_s_choice(
    fixture, profile, nature, evaluate
):
    # From the DAREIC and E3D referent's audit: a profile adopting it was shown « exigence des
    # textes », where the circular (§ 3) only opens it; the plugin declares it `nature =
    # "academy"`, the profile's choice (cli-and-report 1.1). One applied on a decision the
    # dossier records keeps the rule's nature: no profile chose it, and under `national` no
    # finding is the academy's (the contract's example: ldm:6 by equivalence, national).
    ldm = label(evaluate(FIXTURES / fixture, profile=profile), "ldm")
    [applied] = findings_of(ldm, "LDM-EQUIVALENCE-APPLIED")
    assert (applied.ref, applied.nature) == ("ldm:6", nature)


def test_the_summary_counts_an_equivalence_a_profile_adopts_as_an_academic_choice(cli):
    result = cli(
        "evaluate",
        FIXTURES / "euroscol-valid-undecided.toml",
        "--label",
        "ldm",
        "--profile",
        ADOPTING,
    )
    said = next(line for line in result.stdout.splitlines() if "Pour information" in line)
    assert "réputé satisfait par un autre label, sur décision (choix académique)" in said
    assert "sur décision (exigence des textes)" not in said


def test_an_applicable_equivalence_wins_over_the_criterion_own_evidence_which_is_still_listed(
    evaluate,
):
    ldm = label(evaluate(FIXTURES / "euroscol-valid-at-audit.toml"), "ldm")
    ldm6 = criterion(ldm, "ldm:6")
    assert ldm6.status == "met-by-equivalence"
    assert ldm6.evidence == ("cr-erasmus", "mobilites")
    # The audit need not examine it: no rule reports on criterion 6 or its descriptors.
    assert not [f for f in ldm.findings if f.kind != "equivalence" and f.ref.startswith("ldm:6")]


@pytest.mark.parametrize(
    "fixture", ["euroscol-expired-at-audit.toml", "euroscol-awarded-after-audit.toml"]
)
def test_euroscol_expired_or_not_yet_awarded_at_the_ldm_audit_does_not_stand_in(fixture, evaluate):
    # Adopted by the academy's profile (1.1): only the validity of Euroscol is in question.
    ldm = label(evaluate(FIXTURES / fixture, profile=ADOPTING), "ldm")
    ldm6 = criterion(ldm, "ldm:6")
    assert (ldm6.status, ldm6.via) == ("not-met", None)  # judged on its own evidence: none here
    assert [(e["id"], e["applied"]) for e in ldm.equivalences] == [("euroscol-ldm-6", False)]
    assert not findings_of(ldm, "LDM-EQUIVALENCE-APPLIED")
    assert "ldm:6" in {f.ref for f in ldm.findings if f.severity == "blocking"}


def test_a_profile_switching_the_equivalence_off_leaves_criterion_6_to_its_own_evidence(evaluate):
    ldm = label(
        evaluate(FIXTURES / "euroscol-valid-undecided.toml", profile=WITHOUT_EQUIVALENCE), "ldm"
    )
    ldm6 = criterion(ldm, "ldm:6")
    assert (ldm6.status, ldm6.via) == ("met", None)  # its own indicator and report suffice
    # 1.1: the equivalence is listed as possible, never applied; the only equivalence finding
    # is the information that the groupe may decide.
    assert not [e for e in ldm.equivalences if e["applied"]]
    assert [f.rule for f in ldm.findings if f.kind == "equivalence"] == [
        "LDM-EQUIVALENCE-UNDECIDED"
    ]


def test_the_equivalence_is_judged_at_the_audit_date_of_the_application_it_serves(evaluate):
    # No --as-of: LDM is judged at its audit (20 May 2024), Euroscol, held alone, today.
    result = evaluate(FIXTURES / "euroscol-valid-at-past-audit.toml")
    ldm, euroscol = label(result, "ldm"), label(result, "euroscol")
    assert ldm.as_of.isoformat() == "2024-05-20"
    assert criterion(ldm, "ldm:6").status == "met-by-equivalence"
    assert euroscol.verdict == "expired"  # expired on 1 September 2024, before today


def test_an_as_of_date_for_the_run_judges_the_equivalence_on_that_date(evaluate):
    ldm = label(evaluate(FIXTURES / "euroscol-valid-at-past-audit.toml", as_of="2026-05-20"), "ldm")
    assert criterion(ldm, "ldm:6").status == "not-met"
    assert [f.ref for f in findings_of(ldm, "LDM-EQUIVALENCE-LAPSED")] == ["ldm:6"]


def test_the_command_line_without_as_of_judges_the_equivalence_at_the_audit(cli):
    result = cli("evaluate", FIXTURES / "euroscol-valid-at-past-audit.toml", "--format", "json")
    [dossier] = report(result)["dossiers"]
    ldm = next(r for r in dossier["labels"] if r["label"] == "ldm")
    assert ldm["as_of"] == "2024-05-20"
    assert {"ref": "ldm:6", "status": "met-by-equivalence", "via": "euroscol"}.items() <= next(
        c for c in ldm["criteria"] if c["ref"] == "ldm:6"
    ).items()


# -- Eduform feeds LDM criterion 2: a link, never a change ---------------------------------------


def eduform_link(result: DossierResult) -> list[tuple[str, str, str]]:
    return [(link["id"], link["from"], link["to"]) for link in result.links]


def test_eduform_held_is_linked_to_ldm_criterion_2_when_ldm_is_evaluated(evaluate):
    result = evaluate(FIXTURES / "eduform-held.toml")
    assert eduform_link(result) == [("eduform-ldm-2", "eduform", "ldm:2")]
    assert result.links[0]["source"] and result.links[0]["title"]


def test_the_eduform_link_needs_ldm_evaluated(registry):
    only_eduform = Engine.create(labels=["eduform"], registry=registry)
    assert eduform_link(only_eduform.evaluate_path(FIXTURES / "eduform-held.toml")) == []
    only_ldm = Engine.create(labels=["ldm"], registry=registry)
    result = only_ldm.evaluate_path(FIXTURES / "eduform-held.toml")
    assert eduform_link(result) == [("eduform-ldm-2", "eduform", "ldm:2")]
    # Eduform is not among the labels judged, yet the link names it as a school head reads it.
    assert result.links[0]["from_name"] == "Eduform"
    assert "(Eduform → ldm:2)" in links(result)[0]


def test_an_expired_eduform_feeds_no_criterion(evaluate):
    """An Eduform expired since 2023 read, in 2026, « Lien entre labels : La démarche Qualiopi /
    Eduform du GRETA alimente… »: a label no longer valid at the as-of date does not stand in
    for a criterion (LDM-EQUIVALENCE-LAPSED), nor does it feed one."""
    assert eduform_link(evaluate(FIXTURES / "eduform-expired.toml")) == []
    # The same certificate, judged while it was valid (three years from 1 January 2020).
    assert eduform_link(evaluate(FIXTURES / "eduform-expired.toml", as_of="2022-12-31")) == [
        ("eduform-ldm-2", "eduform", "ldm:2")
    ]


def test_the_eduform_link_never_changes_the_ldm_result(evaluate, evaluate_data):
    data = tomllib.loads((FIXTURES / "eduform-held.toml").read_text("utf-8"))
    with_eduform = evaluate_data(data)
    without = evaluate_data({**data, "held": []})
    assert eduform_link(without) == []
    assert label(with_eduform, "ldm").criteria == label(without, "ldm").criteria
    assert label(with_eduform, "ldm") == label(without, "ldm")


# -- pieces serving several applications ----------------------------------------------------------


def shared(result: DossierResult) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {s.id: (s.kind, s.refs) for s in result.shared_evidence}


def test_a_pv_ca_without_supports_serves_every_application(evaluate):
    result = evaluate(FIXTURES / "pv-ca-without-supports.toml")
    assert shared(result) == {
        "pv-ca-2026": ("document", ("e3d", "ldm"))
    }  # Euroscol is held, not applied for
    for label_id in ("ldm", "e3d"):
        assert "pv-ca" not in {
            f.subject for f in label(result, label_id).findings if f.kind == "required-document"
        }


def test_a_pv_ca_naming_bare_label_ids_serves_those_labels_only(evaluate):
    result = evaluate(FIXTURES / "pv-ca-for-ldm-and-euroscol.toml")
    assert shared(result) == {"pv-ca-2026": ("document", ("euroscol", "ldm"))}
    assert "pv-ca" not in {
        f.subject for f in label(result, "ldm").findings if f.kind == "required-document"
    }
    missing = [f for f in findings_of(label(result, "e3d"), "E3D-BOARD") if f.subject == "pv-ca"]
    assert missing, "the pv-ca names LDM and Euroscol: E3D has none"


def test_an_id_shared_by_an_indicator_and_an_action_is_cited_for_both(evaluate_data):
    """Ids are unique within their kind (spec/dossier-format.md), a piece's in the whole dossier
    (« unique in the dossier »): an indicator and an action may share one, and a
    self-assessment line citing it attaches both entries to its ref."""
    data = tomllib.loads((FIXTURES / "pv-ca-for-ldm-and-euroscol.toml").read_text("utf-8"))
    data["indicators"] = [
        {"id": "mobilite", "name": "Élèves partis en mobilité", "supports": ["e3d:1"]}
    ]
    data["actions"] = [
        {
            "id": "mobilite",
            "title": "Mobilités des élèves",
            "supports": ["e3d:1"],
            "owner": "DDFPT",
            "start": dt.date(2025, 9, 1),
            "end": dt.date(2026, 6, 30),
        }
    ]
    data["self_assessment"] = [{"ref": "ldm:6", "evidence": ["mobilite"]}]
    result = evaluate_data(data)
    assert {(s.id, s.kind): s.refs for s in result.shared_evidence if s.id == "mobilite"} == {
        ("mobilite", "action"): ("e3d:1", "ldm:6"),
        ("mobilite", "indicator"): ("e3d:1", "ldm:6"),
    }
    assert "mobilite" in criterion(label(result, "ldm"), "ldm:6").evidence


def test_a_pieces_id_borne_by_an_indicator_too_is_an_input_error(evaluate_data):
    """« id = "pe"  # unique in the dossier »: a piece's id may not be an indicator's too."""
    data = tomllib.loads((FIXTURES / "pv-ca-for-ldm-and-euroscol.toml").read_text("utf-8"))
    data["documents"].append({"id": "mobilite", "type": "plan-actions", "supports": ["e3d:1"]})
    data["indicators"] = [
        {"id": "mobilite", "name": "Élèves partis en mobilité", "supports": ["e3d:1"]}
    ]
    result = evaluate_data(data)
    assert [e.path for e in result.errors] == [f"documents[{len(data['documents']) - 1}].id"]


# -- plugins stay apart ---------------------------------------------------------------------------------


def imported_modules(source: Path) -> list[tuple[int, str]]:
    """Every module a Python file imports (line, name); relative imports keep their dots."""
    found = []
    for node in ast.walk(ast.parse(source.read_text("utf-8"), str(source))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found += [(node.lineno, module)] + [
                (node.lineno, f"{module}.{a.name}") for a in node.names
            ]
    return found


def other_plugin(module: str, mine: str, plugins: set[str]) -> str | None:
    """The other plugin a module name reaches, if any."""
    if module.startswith(".."):
        return module  # out of the plugin's own package
    parts = module.split(".")
    for prefix in (("labelcheck", "plugins"), ("plugins",)):
        if (
            tuple(parts[: len(prefix)]) == prefix
            and len(parts) > len(prefix)
            and parts[len(prefix)] != mine
        ):
            return parts[len(prefix)] if parts[len(prefix)] in plugins else None
    return None


def test_no_plugin_imports_another():
    plugins = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file()}
    assert {"ldm", "euroscol", "e3d", "eduform"} <= plugins
    offences = []
    for plugin in sorted(plugins):
        for source in sorted((PLUGINS / plugin).rglob("*.py")):
            offences += [
                f"{source.relative_to(PLUGINS)}:{line} imports {module}"
                for line, module in imported_modules(source)
                if other_plugin(module, plugin, plugins)
            ]
            # Dynamic imports too: no other plugin's module named in a string.
            text = source.read_text("utf-8")
            offences += [
                f"{source.relative_to(PLUGINS)} names plugins.{other}"
                for other in plugins - {plugin}
                if f"plugins.{other}" in text
            ]
    assert not offences, "\n".join(offences)


def _told_missing(cli, school: Path, *options: str) -> dict[str, set[str]]:
    """The pieces whose file DOC-FILE-MISSING reports, by label."""
    result = cli("evaluate", school, "--as-of", "2026-05-20", "--format", "json", *options)
    [dossier] = json.loads(result.stdout)["dossiers"]
    return {
        label["label"]: {f["subject"] for f in label["findings"] if f["rule"] == "DOC-FILE-MISSING"}
        for label in dossier["labels"]
    }


def _example_with(tmp_path: Path, example: str, piece: str, drop: tuple[str, ...] = ()) -> Path:
    """A copy of an example with a piece whose file is missing (`piece`: its keys but `id`
    and `file`), its applications to the labels `drop` taken out."""
    school = tmp_path / example
    shutil.copytree(EXAMPLES / example, school)
    dossier = school / "dossier.toml"
    text = dossier.read_text("utf-8")
    for label_id in drop:
        start = text.index(f'[[applications]]\nlabel = "{label_id}"')
        end = text.index("\n[[", start + 1)  # the examples' applications come before pieces
        text = text[:start] + text[end + 1 :]
    entry = f'\n[[documents]]\nid = "photo"\ntitle = "Photo"\nfile = "pieces/absente.pdf"\n{piece}'
    dossier.write_text(text + entry, "utf-8")
    return school


@pytest.mark.parametrize(
    ("piece", "drop", "told"),
    [
        # A piece naming no criterion, of a type no label has: the dossier's own piece, told
        # with every label applied for (LDM and E3D), not with those held only.
        ('type = "preuve"\n', (), {"ldm", "e3d"}),
        # No application at all: told with every label held.
        ('type = "preuve"\n', ("ldm", "e3d"), {"ldm", "euroscol", "e3d", "eduform"}),
        # Board minutes when nothing is applied for: they serve no application, so the same.
        ('type = "pv-ca"\n', ("ldm", "e3d"), {"ldm", "euroscol", "e3d", "eduform"}),
        # A piece of a label held with no application: told with that label alone.
        ('type = "preuve"\nsupports = ["ldm"]\n', ("ldm", "e3d"), {"ldm"}),
    ],
)
def test_a_missing_file_of_a_piece_no_label_claims_is_still_told(cli, tmp_path, piece, drop, told):
    """Dossier format: « a file named but missing is a finding, not a crash »; a `preuve` with
    no `supports` served no label, so its missing file was told nowhere (the contract audit)."""
    missing = _told_missing(cli, _example_with(tmp_path, "lycee-multilabel", piece, drop))
    assert {label for label, pieces in missing.items() if "photo" in pieces} == told


def test_a_piece_of_a_label_the_school_has_not_is_told_with_those_it_has(cli, tmp_path):
    """Jean Lurçat applies for LDM alone: the missing file of a piece for E3D, or of a type of
    E3D's, is told with LDM, not lost."""
    for piece in ('type = "preuve"\nsupports = ["e3d:1"]\n', 'type = "e3d-eco-delegues"\n'):
        school = _example_with(tmp_path / str(len(piece)), "lp-jean-lurcat", piece)
        assert _told_missing(cli, school) == {"ldm": {"photo"}}, piece


def test_a_piece_of_a_label_left_out_of_the_run_is_not_told_with_another(cli, tmp_path):
    """`--label ldm`: an E3D piece's missing file is E3D's finding, not LDM's. And with
    `--label euroscol`, a piece no label claims is told with no label: the labels applied for
    (LDM, E3D), which would tell it, were left out of the run."""
    piece = 'type = "preuve"\nsupports = ["e3d:1"]\n'
    school = _example_with(tmp_path, "lycee-multilabel", piece)
    assert _told_missing(cli, school, "--label", "ldm") == {"ldm": set()}
    assert "photo" in _told_missing(cli, school)["e3d"]
    school = _example_with(tmp_path / "unclaimed", "lycee-multilabel", 'type = "preuve"\n')
    assert _told_missing(cli, school, "--label", "euroscol") == {"euroscol": set()}


def test_a_piece_serving_every_application_weighs_on_no_label_held_without_one(cli, tmp_path):
    """Dossier format: a `pv-ca` with no `supports` « serves every application of the
    dossier ». The multilabel example's board minutes missing their file: LDM and E3D, applied
    for, are told; Euroscol and Eduform, held with no application, were told too, and read
    « valide (1 avertissement) » for another label's piece (the docs walkthrough)."""
    import json
    import shutil

    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lycee-multilabel", school)
    (school / "pieces" / "pv-ca-2026-03-03.pdf").unlink()
    result = cli("evaluate", school, "--as-of", "2026-05-20", "--format", "json")
    [dossier] = json.loads(result.stdout)["dossiers"]
    told = {
        label["label"]
        for label in dossier["labels"]
        for finding in label["findings"]
        if finding["rule"] == "DOC-FILE-MISSING" and finding["subject"] == "pv-ca-2026"
    }
    assert told == {"ldm", "e3d"}
