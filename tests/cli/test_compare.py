"""`labelcheck compare OLD NEW` and `evaluate --baseline` (cli-and-report 1.1, « Comparing
evaluations »): pairs of evaluations where exactly one thing changed give exactly that change,
with its cause.

Issue 12, "done means": a piece added (cause `dossier`), the as-of date moved past a deadline
(`time`), a profile parameter changed (`rules`); identical inputs give « nothing changed » and
exit 0; the baseline marks only new findings.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from support import lurcat_with_its_ecart_open

EXAMPLES = Path(__file__).parents[2] / "examples"
LURCAT = EXAMPLES / "lp-jean-lurcat"
MULTILABEL = EXAMPLES / "lycee-multilabel"
AS_OF = "2026-05-20"


def without_pv_ca(folder: Path) -> Path:
    """A copy of Jean Lurçat's dossier whose board minutes (pv-ca) are not given."""
    block = r'\[\[documents\]\]\nid = "pv-ca-2026"\n(?:[^\[\n][^\n]*\n|\n)*'
    return copy_without(LURCAT, folder, block, "pv-ca block")


def copy_without(example: Path, folder: Path, block: str, what: str) -> Path:
    """A copy of `example` in `folder`, the first text matching `block` taken out."""
    shutil.copytree(example, folder)
    dossier = folder / "dossier.toml"
    text = dossier.read_text("utf-8")
    pattern = re.compile(block)
    assert pattern.search(text), f"the example's {what} moved: update this test"
    dossier.write_text(pattern.sub("", text, count=1), "utf-8")
    return folder


def report_of(cli, tmp_path: Path, name: str, *args) -> Path:
    out = tmp_path / f"{name}.json"
    result = cli("evaluate", *args, "--format", "json", "-o", out, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return out


def compared(cli, old, new, *options) -> tuple[int, dict]:
    result = cli("compare", old, new, "--format", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def changes(document: dict) -> dict[str, set]:
    """Every change of a comparison: findings new and resolved (label, rule, subject, cause),
    criteria changed and verdicts changed."""
    out: dict[str, set] = {"new": set(), "resolved": set(), "criteria": set(), "verdicts": set()}
    for dossier in document["dossiers"]:
        for label in dossier["labels"]:
            for what in ("new", "resolved"):
                out[what] |= {
                    (label["label"], f["rule"], f["subject"], f["cause"])
                    for f in label["findings"][what]
                }
            out["criteria"] |= {(label["label"], c["ref"], c["cause"]) for c in label["criteria"]}
            if label["verdict"]["old"] != label["verdict"]["new"]:
                out["verdicts"].add(
                    (label["label"], label["verdict"]["old"], label["verdict"]["new"])
                )
    return out


def held_only(
    folder: Path,
    awarded: str,
    name: str = "Lycée professionnel Anatole-France",
    label: str = "ldm",
) -> Path:
    """A school holding the Lycée des métiers (or `label`), awarded on `awarded`, with no
    application: the label's verdict follows its validity alone."""
    folder.mkdir(parents=True)
    (folder / "dossier.toml").write_text(
        f'format = 1\n\n[establishment]\nuai = "0450001G"\nname = "{name}"\nkind = "lp"\n'
        f'sector = "public"\n\n[[held]]\nlabel = "{label}"\nawarded = {awarded}\n',
        "utf-8",
    )
    return folder


# -- exactly one thing changed -----------------------------------------------------------------


def test_a_piece_added_is_that_change_caused_by_the_dossier(cli, tmp_path):
    old = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    status, document = compared(cli, old, LURCAT, "--as-of", AS_OF)
    found = changes(document)
    assert found["new"] == set()
    assert {(label, subject, cause) for label, _, subject, cause in found["resolved"]} == {
        ("ldm", "pv-ca", "dossier")
    }
    assert found["verdicts"] == {("ldm", "not-ready", "ready")}
    assert status == 0  # better, never worse
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": True, "rules": False}


def test_the_piece_removed_is_the_same_change_the_other_way_and_exits_1(cli, tmp_path):
    old = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    status, document = compared(cli, LURCAT, old, "--as-of", AS_OF)
    found = changes(document)
    assert {(label, subject) for label, _, subject, _ in found["new"]} == {("ldm", "pv-ca")}
    assert found["resolved"] == set()
    assert status == 1  # a new blocking finding, a verdict down


def without_leaflet(folder: Path, piece: str) -> Path:
    """A copy of Jean Lurçat's dossier without the leaflet `piece` of one of its denominations."""
    block = rf'\[\[documents\]\]\nid = "{piece}"\n(?:[^\[\n][^\n]*\n|\n)*'
    return copy_without(LURCAT, folder, block, f"{piece} block")


def test_one_leaflet_found_and_another_lost_is_a_new_blocking_finding(cli, tmp_path):
    """cli-and-report 1.1: a finding is the same when its dossier, label, rule, subject and ref
    are; « exit 1 when anything got worse (a new blocking finding) ». The leaflet of one
    denomination given, that of the other lost: one finding resolved, one new, not one
    « still there » (the contract audit: both had the subject `plaquette`). `--baseline`
    and the Code Quality fingerprints say the same."""
    old = without_leaflet(tmp_path / "old" / "lp-jean-lurcat", "plaquette-mv")
    new = without_leaflet(tmp_path / "new" / "lp-jean-lurcat", "plaquette-carrosserie")
    status, document = compared(cli, old, new, "--as-of", AS_OF)
    found = changes(document)
    assert {subject for _, _, subject, _ in found["new"]} == {"plaquette:carrosserie"}
    assert {subject for _, _, subject, _ in found["resolved"]} == {
        "plaquette:maintenance des véhicules"
    }
    assert status == 1
    known = report_of(cli, tmp_path, "old", old, "--as-of", AS_OF)
    on_baseline = cli("evaluate", new, "--as-of", AS_OF, "--baseline", known, "--format", "json")
    assert on_baseline.exit_code == 1, on_baseline.output
    fingerprints = [
        {
            e["fingerprint"]
            for e in json.loads(
                cli("evaluate", side, "--as-of", AS_OF, "--format", "codequality").stdout
            )
        }
        for side in (old, new)
    ]
    assert len(fingerprints[0] ^ fingerprints[1]) == 2  # one gone, one come


def test_a_denomination_written_otherwise_is_the_same_leaflet_still_missing(cli, tmp_path):
    """The rule reads « Carrosserie » and « carrosserie » as one denomination: so does the
    finding's identity (its subject), or compare would call the same leaflet missing new."""
    old = without_leaflet(tmp_path / "old" / "lp-jean-lurcat", "plaquette-carrosserie")
    new = without_leaflet(tmp_path / "new" / "lp-jean-lurcat", "plaquette-carrosserie")
    dossier = new / "dossier.toml"
    text = dossier.read_text("utf-8")
    written = text.replace(
        '"maintenance des véhicules", "carrosserie"]',
        '"Maintenance des véhicules", " Carrosserie"]',
    )
    assert written != text, "the example's denominations moved: update this test"
    dossier.write_text(written, "utf-8")
    status, document = compared(cli, old, new, "--as-of", AS_OF)
    found = changes(document)
    assert (found["new"], found["resolved"], status) == (set(), set(), 0)


@pytest.mark.parametrize("sides", ["reports", "dossiers"])
def test_its_findings_carry_their_source_and_nature_and_human_reports_show_it(cli, tmp_path, sides):
    """cli-and-report 1.1: every finding carries `source` and `nature`, and human reports
    show the nature beside each finding; a comparison's findings are findings too."""
    old = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    if sides == "reports":
        old = report_of(cli, tmp_path, "old", old, "--as-of", AS_OF)
        new = report_of(cli, tmp_path, "new", LURCAT, "--as-of", AS_OF)
        options: tuple[str, ...] = ()
    else:
        new, options = LURCAT, ("--as-of", AS_OF)
    _status, document = compared(cli, new, old, *options)
    [label] = document["dossiers"][0]["labels"]
    [finding] = label["findings"]["new"]
    assert (finding["rule"], finding["nature"]) == ("LDM-DOC-REQUIRED", "text")
    assert set(finding["source"]) == {"document", "section", "quote"}
    assert all(f["nature"] and f["source"]["document"] for f in label["findings"]["unchanged"])
    for fmt in ("text", "markdown", "html"):
        shown = html.unescape(cli("compare", new, old, "--format", fmt, *options).stdout)
        assert "bloquant · exigence des textes\u202f: " in shown, fmt


def test_the_as_of_date_moved_past_a_deadline_is_caused_by_time(cli, tmp_path):
    before = report_of(cli, tmp_path, "before", LURCAT, "--as-of", AS_OF)
    after = report_of(cli, tmp_path, "after", LURCAT, "--as-of", "2026-10-01")
    _, document = compared(cli, before, after)
    found = changes(document)
    moved = found["new"] | found["resolved"]
    assert moved, "moving past the fiche d'écart's due date and the label's expiry changes findings"
    assert {cause for *_, cause in moved} == {"time"}
    assert {c for *_, c in found["criteria"]} <= {"time"}
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": False, "rules": False}


def test_a_label_expiring_on_the_new_date_is_time_s_doing_though_the_dossier_changed(cli, tmp_path):
    """A due date passed between the two as-of dates, the later one included, is put down to
    time alone, whatever else changed: the label expiring on 01/09/2026 judged that very day,
    the school's name corrected meanwhile."""
    school = held_only(tmp_path / "old", "2021-09-01")
    renamed = held_only(tmp_path / "new", "2021-09-01", name="Lycée professionnel Anatole France")
    old = report_of(cli, tmp_path, "june", school, "--as-of", "2026-06-01")
    new = report_of(cli, tmp_path, "september", renamed, "--as-of", "2026-09-01")
    _, document = compared(cli, old, new)
    [dossier] = document["dossiers"]
    assert dossier["changed"]["dossier"]
    [label] = dossier["labels"]
    [expired] = label["findings"]["new"]
    assert (expired["rule"], expired["due"]) == ("LDM-VALIDITY-EXPIRED", "2026-09-01")
    assert expired["causes"] == ["time"]
    assert label["verdict_causes"] == ["time"]


def test_a_label_already_expired_then_renewed_is_the_dossier_s_doing(cli, tmp_path):
    """A due date reached on the old as-of date was not passed between the two: the label
    expired on 01/09/2026 and judged that day, then a new award of that day written in the
    dossier, judged on 01/10/2026. Its expiry resolved is put down to each thing that changed,
    not to time alone."""
    expired = held_only(tmp_path / "old", "2021-09-01")
    renewed = held_only(tmp_path / "new", "2021-09-01")
    with (renewed / "dossier.toml").open("a", encoding="utf-8") as dossier:
        dossier.write('\n[[held]]\nlabel = "ldm"\nawarded = 2026-09-01\n')
    old = report_of(cli, tmp_path, "september", expired, "--as-of", "2026-09-01")
    new = report_of(cli, tmp_path, "october", renewed, "--as-of", "2026-10-01")
    _, document = compared(cli, old, new)
    [label] = document["dossiers"][0]["labels"]
    assert label["verdict"] == {"old": "expired", "new": "valid"}
    [resolved] = label["findings"]["resolved"]
    assert (resolved["rule"], resolved["due"]) == ("LDM-VALIDITY-EXPIRED", "2026-09-01")
    assert resolved["causes"] == ["dossier", "time"]


def test_a_renewal_due_is_said_in_the_label_s_own_word_as_evaluate_says_it(cli, tmp_path):
    """Euroscol's texts say « relabellisation »: `evaluate` says its verdict « relabellisation
    à engager », and so does `compare`, from the reports alone (they carry the word)."""
    school = held_only(tmp_path / "lycee", "2023-06-15", label="euroscol")
    old = report_of(cli, tmp_path, "january", school, "--as-of", "2024-01-10")
    new = report_of(cli, tmp_path, "may", school, "--as-of", "2026-05-10")
    assert json.loads(new.read_text("utf-8"))["dossiers"][0]["labels"][0]["renewal_name"] == (
        "relabellisation"
    )
    shown = cli("compare", old, new).stdout
    assert "Euroscol (au 10/01/2024 puis au 10/05/2026) : valide → relabellisation à engager" in (
        shown.replace("\u202f", " ")
    )
    assert "renouvellement" not in shown


def test_a_profile_parameter_changed_is_caused_by_the_rules(cli, tmp_path):
    # 10 days before the audit instead of 15: the plan returned 12 days before is now on time.
    profile = tmp_path / "ten-days.toml"
    profile.write_text(
        'name = "dix-jours"\nextends = "centre-val-de-loire-2026"\n\n'
        "[labels.ldm]\nplan_returned_days_before = 10\n",
        "utf-8",
    )
    before = report_of(cli, tmp_path, "before", MULTILABEL, "--as-of", AS_OF)
    after = report_of(cli, tmp_path, "after", MULTILABEL, "--as-of", AS_OF, "--profile", profile)
    status, document = compared(cli, before, after)
    found = changes(document)
    assert found["new"] == set()
    assert [(label, cause) for label, _, _, cause in found["resolved"]] == [("ldm", "rules")]
    [(_, rule, subject, _)] = found["resolved"]
    assert (rule, subject) == ("LDM-AUDIT-CALENDAR", "plan_returned")
    assert status == 0
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": False, "rules": True}
    # The plan was still returned 12 days before: gone with the profile alone, the finding is
    # neither « résolu » nor better in the human reports (the French review), but another
    # change; JSON keeps it among `resolved`, as the contract names them.
    for fmt in ("text", "markdown", "html"):
        shown = html.unescape(cli("compare", before, after, "--format", fmt).stdout)
        shown = shown.replace("\u202f", " ")
        other = shown.index("Autres changements")
        line = next(x for x in shown[other:].splitlines() if "retour du plan" in x)
        assert "disparu" in line and "résolu" not in line, fmt
        assert (
            "Ce qui s'est amélioré" not in shown[:other]
            or "retour du plan" not in (shown[shown.index("Ce qui s'est amélioré") : other])
        ), fmt


def test_when_the_date_and_the_profile_both_changed_a_late_action_is_put_down_to_either(
    cli, tmp_path
):
    # Jean Lurçat's academy profile, then the national one four months later: the action past
    # its end date has no due date that tells it is the date's doing, so both causes are given.
    before = report_of(cli, tmp_path, "before", LURCAT, "--as-of", AS_OF, "--profile", "national")
    after = report_of(cli, tmp_path, "after", LURCAT, "--as-of", "2026-10-01")
    _, document = compared(cli, before, after)
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": False, "rules": True}
    findings = {f["rule"]: f for f in dossier["labels"][0]["findings"]["new"]}
    assert findings["LDM-ACTION-LATE"]["causes"] == ["rules", "time"]
    # A due date passed between the two as-of dates is the date's doing, whatever else changed.
    assert findings["LDM-VALIDITY-EXPIRED-RENEWING"]["causes"] == ["time"]
    assert findings["LDM-VALIDITY-EXPIRED-RENEWING"]["cause"] == "time"
    text = cli("compare", before, after).stdout.replace("\u202f", " ")
    [late] = [line for line in text.splitlines() if "A1-1" in line]
    assert "les règles ou le profil ont changé" in late and "la date d'évaluation a avancé" in late
    # Which profiles: « les règles ou le profil ont changé » alone left it to guess.
    assert "(profil national puis centre-val-de-loire-2026)" in late


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_header_says_when_each_side_s_labels_were_judged(cli, tmp_path, fmt):
    """A file name says neither which day a report judged nor whether its labels were judged
    the same day: the header says both."""
    before = report_of(cli, tmp_path, "before", LURCAT, "--as-of", AS_OF)
    after = report_of(cli, tmp_path, "after", LURCAT, "--as-of", "2026-10-01")
    out = html.unescape(cli("compare", before, after, "--format", fmt).stdout)
    assert "labels évalués au 20/05/2026" in out and "labels évalués au 01/10/2026" in out
    mixed = cli("compare", before, EXAMPLES, "--format", fmt).stdout  # judged as each says
    assert re.search(r"labels évalués du \d\d/\d\d/\d{4} au \d\d/\d\d/\d{4}", mixed), mixed


def test_the_as_of_date_moved_back_is_said_to_have_moved_back(cli, tmp_path):
    later = report_of(cli, tmp_path, "later", LURCAT, "--as-of", "2026-10-01")
    earlier = report_of(cli, tmp_path, "earlier", LURCAT, "--as-of", AS_OF)
    text = cli("compare", later, earlier).stdout.replace("\u202f", " ")
    assert "la date d'évaluation a reculé (du 01/10/2026 au 20/05/2026)" in text
    assert "a avancé" not in text
    forward = cli("compare", earlier, later).stdout.replace("\u202f", " ")
    assert "la date d'évaluation a avancé (du 20/05/2026 au 01/10/2026)" in forward


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_label_table_gives_the_cause_even_when_the_school_has_one(cli, tmp_path, fmt):
    old = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    out = cli("compare", LURCAT, old, "--as-of", AS_OF, "--format", fmt).stdout
    out = html.unescape(out).replace("\u202f", " ")
    assert "Cause : le dossier a changé." in out  # the school's one cause, said above
    if fmt == "markdown":
        assert (
            "| Lycée des métiers (au 20/05/2026) | prêt | non prêt | en baisse | le dossier a changé |"
            in out
        )
    else:
        assert "<td>en baisse</td><td>le dossier a changé</td>" in out
        assert "<title>Comparaison de deux évaluations</title>" in out  # the tab says which page


def without_the_equivalence_decision(folder: Path) -> Path:
    """A copy of the multi-label example without the group's decision adopting Euroscol for
    ldm:6: the criterion is documented by its own evidence instead of réputé satisfait."""
    block = r"\[\[decisions\]\]\nkind = \"equivalence\"\n(?:[^\[\n#][^\n]*\n|\n)*"
    return copy_without(MULTILABEL, folder, block, "equivalence decision")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_criterion_changed_neither_better_nor_worse_is_still_shown(cli, tmp_path, fmt):
    """The contract's « criteria whose status changed »: réputé satisfait → documenté is a
    change, shown as one with the information resolved, not a school « modifié » with nothing
    said of what changed."""
    new = without_the_equivalence_decision(tmp_path / "new" / "lycee-multilabel")
    status, document = compared(cli, MULTILABEL, new, "--as-of", AS_OF)
    [ldm] = [
        label for d in document["dossiers"] for label in d["labels"] if label["label"] == "ldm"
    ]
    assert [(c["ref"], c["old"], c["new"], c["trend"]) for c in ldm["criteria"]] == [
        ("ldm:6", "met-by-equivalence", "met", "same")
    ]
    assert status == 0
    out = cli("compare", MULTILABEL, new, "--as-of", AS_OF, "--format", fmt).stdout
    out = html.unescape(out).replace("\u202f", " ")
    assert "Autres changements" in out
    assert (
        "critère ldm:6 La mise en œuvre d'actions visant à l'ouverture internationale : "
        "réputé satisfait (équivalence) → documenté" in out
    )
    assert "Lycée des métiers — 1 information résolue" in out


def without_the_e3d_application(folder: Path) -> Path:
    """A copy of the multi-label example no longer applying for E3D: its criteria are no
    longer evaluated."""
    block = r'\[\[applications\]\]\nlabel = "e3d"\n(?:[^\[\n#][^\n]*\n|\n)*'
    return copy_without(MULTILABEL, folder, block, "E3D application")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("ending", [True, False], ids=["application-ended", "application-made"])
def test_criteria_leaving_or_entering_evaluation_are_other_changes_as_counted(
    cli, tmp_path, fmt, ending
):
    """« documenté → non évalué » was listed under « Ce qui s'est dégradé » while the JSON
    said nothing got worse and compare exited 0 (the versions audit): neither better nor worse,
    in every format."""
    other = without_the_e3d_application(tmp_path / "other" / "lycee-multilabel")
    old, new = (MULTILABEL, other) if ending else (other, MULTILABEL)
    status, document = compared(cli, old, new, "--as-of", AS_OF)
    [e3d] = [label for label in document["dossiers"][0]["labels"] if label["label"] == "e3d"]
    moves = {(c["old"], c["new"], c["trend"]) for c in e3d["criteria"]}
    expected = ("met", "not-evaluated") if ending else ("not-evaluated", "met")
    assert moves == {(*expected, "same")}
    assert (status, e3d["worse"], document["summary"]["worse"]) == (0, False, 0)
    out = cli("compare", old, new, "--as-of", AS_OF, "--format", fmt).stdout
    out = html.unescape(out).replace("\u202f", " ")
    assert "dégradé" not in out and "amélioré" not in out
    assert "Autres changements" in out
    shown = "documenté → non évalué" if ending else "non évalué → documenté"
    assert "critère e3d:1 Le pilotage de l'éducation au développement durable" in out
    assert shown in out


# -- a dossier invalid on one side ---------------------------------------------------------------


def with_a_misspelt_key(folder: Path) -> Path:
    """A copy of Jean Lurçat's dossier that does not validate: `titel` for `title`."""
    shutil.copytree(LURCAT, folder)
    dossier = folder / "dossier.toml"
    text = dossier.read_text("utf-8")
    assert "\ntitle = " in text, "the example's application title moved: update this test"
    dossier.write_text(text.replace("\ntitle = ", "\ntitel = ", 1), "utf-8")
    return folder


def invalid_report(cli, tmp_path: Path) -> Path:
    out = tmp_path / "invalid.json"
    broken = with_a_misspelt_key(tmp_path / "broken" / "lp-jean-lurcat")
    result = cli("evaluate", broken, "--format", "json", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    return out


def test_a_dossier_become_invalid_is_not_evaluated_and_its_findings_not_compared(cli, tmp_path):
    valid = report_of(cli, tmp_path, "valid", LURCAT, "--as-of", AS_OF)
    invalid = invalid_report(cli, tmp_path)
    status, document = compared(cli, valid, invalid)
    [dossier] = document["dossiers"]
    assert dossier["state"] == "became-invalid"
    assert dossier["evaluated"] == {"old": True, "new": False}
    assert dossier["labels"] == []  # no label « retiré », no finding « résolu »
    summary = document["summary"]
    assert (summary["became_invalid"], summary["changed"], summary["resolved_findings"]) == (
        1,
        0,
        0,
    )
    assert status == 1  # a dossier the CI can no longer evaluate got worse
    text = cli("compare", valid, invalid).stdout.replace("\u202f", " ")
    assert "devenu invalide (1 erreur) : non évalué, ses constats ne sont pas comparés" in text
    assert "résolu" not in text.split("\n\n", 2)[2] and "retiré" not in text


def refused_by_a_later_release(valid: Path, tmp_path: Path) -> Path:
    """`valid`'s report as a later release would make it refusing the same dossier (same
    digest): a name of blanks, accepted by 0.5.0, is refused by 0.6.0."""
    report = json.loads(valid.read_text("utf-8"))
    [dossier] = report["dossiers"]
    error = {"path": "establishment.name", "line": 5, "message": "texte non vide attendu"}
    dossier.update(errors=[error], labels=[])
    report["tool"]["version"] += ".later"
    later = tmp_path / "later.json"
    later.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    return later


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_dossier_become_invalid_says_its_cause_as_every_change_does(cli, tmp_path, fmt):
    """Refused by a later release, the same dossier read « Dossier devenu invalide » with no
    cause, the JSON saying `changed: {dossier: false, rules: true}`: the school believed it had
    broken its dossier (the versions audit)."""
    valid = report_of(cli, tmp_path, "valid", LURCAT, "--as-of", AS_OF)
    causes = {
        refused_by_a_later_release(valid, tmp_path): "les règles ou le profil ont changé",
        invalid_report(cli, tmp_path): "le dossier a changé",
    }
    for invalid, cause in causes.items():
        status, document = compared(cli, valid, invalid)
        changed = document["dossiers"][0]["changed"]
        assert (status, changed["rules"]) == (1, cause.startswith("les règles"))
        out = cli("compare", valid, invalid, "--format", fmt).stdout
        out = html.unescape(out).replace("\u202f", " ")
        assert "Dossier devenu invalide (1 erreur)" in out
        assert re.search(f"[Cc]ause : {cause}", out), out


def test_a_dossier_valid_again_shows_its_verdicts_and_its_findings_as_new(cli, tmp_path):
    """Invalid before, it was not evaluated: now valid, its labels and findings are all new,
    as an added school's are and as `--baseline` counts them; a blocking one is worse (exit 1),
    where it used to pass unseen (no verdict, no finding, exit 0)."""
    valid = report_of(cli, tmp_path, "valid", LURCAT, "--as-of", AS_OF)
    invalid = invalid_report(cli, tmp_path)
    status, document = compared(cli, invalid, valid)
    [dossier] = document["dossiers"]
    assert dossier["state"] == "became-valid"
    labels = {label["label"]: label for label in dossier["labels"]}
    assert labels["ldm"]["state"] == "added"
    assert labels["ldm"]["verdict"] == {"old": None, "new": "ready"}
    summary = document["summary"]
    assert summary["became_valid"] == 1
    assert summary["new_findings"] == len(labels["ldm"]["findings"]["new"]) > 0
    assert status == (1 if summary["new_blocking"] else 0)
    baseline = cli("evaluate", LURCAT, "--as-of", AS_OF, "--baseline", invalid, "--format", "json")
    assert json.loads(baseline.stdout)["summary"]["new"] == summary["new_findings"]
    text = cli("compare", invalid, valid).stdout.replace("\u202f", " ")
    assert "1 devenu valide" in text and "Dossier devenu valide" in text


def test_a_dossier_unreadable_on_one_side_is_matched_by_its_path(cli, tmp_path):
    folder = tmp_path / "lp-jean-lurcat"
    shutil.copytree(LURCAT, folder)
    valid = report_of(cli, tmp_path, "valid", folder, "--as-of", AS_OF)
    (folder / "dossier.toml").write_text("format = 1\n[establishment\n", "utf-8")
    unreadable = tmp_path / "unreadable.json"
    cli("evaluate", folder, "--format", "json", "-o", unreadable, "--as-of", AS_OF)
    assert json.loads(unreadable.read_text("utf-8"))["dossiers"][0]["uai"] is None
    status, document = compared(cli, valid, unreadable)
    assert [d["state"] for d in document["dossiers"]] == ["became-invalid"]
    assert status == 1


def test_a_dossier_unreadable_on_both_sides_is_named_by_its_path(cli, tmp_path):
    """No UAI nor name could be read: the reader is told which file, not « établissement sans
    nom », in the unchanged list as where it changed."""
    folder = tmp_path / "depot"
    (folder / "illisible").mkdir(parents=True)
    (folder / "illisible" / "dossier.toml").write_text("format = 1\n[establishment\n", "utf-8")
    shutil.copytree(LURCAT, folder / "lp-jean-lurcat")
    result = cli("compare", folder, folder, "--as-of", AS_OF)
    assert result.exit_code == 2  # the unreadable dossier, evaluated here
    unchanged = result.stdout.rsplit("Inchangés", 1)[1]
    assert "illisible/dossier.toml" in unchanged and "sans nom" not in result.stdout
    (folder / "illisible" / "dossier.toml").write_text("format = 1\n[establishment\n\n", "utf-8")
    again = cli("compare", folder, folder / "illisible", "--as-of", AS_OF).stdout
    assert "sans nom" not in again and "illisible/dossier.toml" in again


def test_a_dossier_whose_uai_became_wrong_is_matched_by_its_place_in_its_folder(cli, tmp_path):
    old = tmp_path / "old" / "lp-jean-lurcat"
    shutil.copytree(LURCAT, old)
    new = with_a_misspelt_key(tmp_path / "new" / "lp-jean-lurcat")
    dossier = new / "dossier.toml"
    dossier.write_text(dossier.read_text("utf-8").replace("0451442Y", "0451442Z"), "utf-8")
    result = cli("compare", old.parent, new.parent, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 2  # evaluated on the spot: an invalid input, named on stderr
    assert "titel" in result.stderr
    [compared_dossier] = json.loads(result.stdout)["dossiers"]
    assert compared_dossier["state"] == "became-invalid"
    assert compared_dossier["uai"] == "0451442Y"  # named as it was evaluated


def test_a_side_of_one_dossier_is_matched_in_a_side_of_several(cli, tmp_path):
    """`old/` holds two schools, `new/` only one of them, invalid and with a wrong UAI: it is
    the same school, at the same place below each side's folder (never « 42 résolus »)."""
    old = tmp_path / "old"
    shutil.copytree(EXAMPLES, old)
    new = with_a_misspelt_key(tmp_path / "new" / "lp-jean-lurcat")
    dossier = new / "dossier.toml"
    dossier.write_text(dossier.read_text("utf-8").replace("0451442Y", "0451442Z"), "utf-8")
    result = cli("compare", old, new.parent, "--format", "json", "--as-of", AS_OF)
    states = {d["path"]["old"].split("/")[-2]: d["state"] for d in result_json(result)["dossiers"]}
    assert states == {"lp-jean-lurcat": "became-invalid", "lycee-multilabel": "removed"}


def test_a_dossier_absent_from_the_new_evaluation_has_no_finding_resolved(cli, tmp_path):
    """A school left out of the new run (removed, or not in a partial one) was not judged
    there: its findings are not « résolus », no more than a dossier now invalid's."""
    new = tmp_path / "new"
    shutil.copytree(LURCAT, new / "lp-jean-lurcat")
    status, document = compared(cli, EXAMPLES, new, "--as-of", AS_OF)
    [removed] = [d for d in document["dossiers"] if d["state"] == "removed"]
    assert removed["uai"] == "0180008L"
    assert all(not label["findings"]["resolved"] for label in removed["labels"])
    assert document["summary"]["resolved_findings"] == 0
    # Nothing got worse (contract: a new blocking finding, a verdict down): exit 0, and the
    # text says so too, the school's absence among the other changes, not « dégradé ».
    assert status == 0 and not removed["worse"]
    result = cli("compare", EXAMPLES, new, "--as-of", AS_OF)
    assert result.exit_code == 0
    text = result.stdout.replace("\u202f", " ")
    assert "Dossier absent de la nouvelle évaluation" in text
    assert "résolu" not in text.split("\n\n", 2)[2]
    school = text[text.index("0180008L") :]
    assert "dégradé" not in school
    assert school.index("Autres changements") < school.index("Dossier absent")


@pytest.mark.parametrize("partial_side", ["new", "old"])
def test_a_label_left_out_of_a_partial_run_is_neither_resolved_nor_new(cli, tmp_path, partial_side):
    """The same dossiers under the same rules, one side judged with `--label ldm`: the other
    labels were not judged there. Their findings are not « résolus » (Euroscol's missing
    application form listed under « Ce qui s'est amélioré ») nor new (exit 1 on a blocking
    finding the school always had), and the label is not « retiré » or « ajouté »."""
    full = report_of(cli, tmp_path, "full", MULTILABEL, "--as-of", AS_OF)
    partial = report_of(cli, tmp_path, "partial", MULTILABEL, "--as-of", AS_OF, "--label", "ldm")
    old, new = (full, partial) if partial_side == "new" else (partial, full)
    status, document = compared(cli, old, new)
    assert status == 0
    summary = document["summary"]
    assert (summary["new_findings"], summary["resolved_findings"]) == (0, 0)
    [dossier] = document["dossiers"]
    states = {label["label"]: label["state"] for label in dossier["labels"]}
    assert states == {
        "ldm": "compared",
        "e3d": "not-evaluated",
        "eduform": "not-evaluated",
        "euroscol": "not-evaluated",
    }
    text = cli("compare", old, new).stdout.replace("\u202f", " ")
    side = "la nouvelle évaluation" if partial_side == "new" else "l'évaluation précédente"
    verdicts = "valide → —" if partial_side == "new" else "— → valide"
    assert f"Euroscol (au 20/05/2026) : {verdicts}" in text
    assert f"(non évalué dans {side}, non comparé)" in text
    assert "label retiré" not in text and "label ajouté" not in text
    assert "résolu" not in text.split("\n\n", 2)[2]


def test_a_label_withdrawn_from_the_dossier_is_still_removed(cli, tmp_path):
    """The dossier changed: a label gone with it is « retiré », not « non évalué »."""
    new = tmp_path / "new"
    shutil.copytree(MULTILABEL, new)
    dossier = new / "dossier.toml"
    text = dossier.read_text("utf-8")
    held = '[[held]]\nlabel = "euroscol"\nawarded = 2024-06-15\n'
    assert held in text, "the example's Euroscol award moved: update this test"
    dossier.write_text(text.replace(held, ""), "utf-8")
    _, document = compared(cli, MULTILABEL, new, "--as-of", AS_OF)
    [dossier_json] = document["dossiers"]
    states = {label["label"]: label["state"] for label in dossier_json["labels"]}
    assert states["euroscol"] == "removed"
    # Said as what it is: absent from the new evaluation; « label retiré » read as the
    # rector's withdrawal of the label (the reading audit).
    text = cli("compare", MULTILABEL, new, "--as-of", AS_OF).stdout
    assert "label absent de la nouvelle évaluation" in text and "retiré" not in text


def test_two_single_dossiers_of_two_schools_are_not_one(cli, tmp_path):
    """One dossier on each side, in folders of different names, one of them invalid: two
    schools, not one that became invalid."""
    shutil.copytree(MULTILABEL, tmp_path / "old" / "lycee-multilabel")
    with_a_misspelt_key(tmp_path / "new" / "lp-jean-lurcat")
    result = cli(
        "compare", tmp_path / "old", tmp_path / "new", "--format", "json", "--as-of", AS_OF
    )
    assert sorted(d["state"] for d in result_json(result)["dossiers"]) == ["added", "removed"]
    text = cli("compare", tmp_path / "old", tmp_path / "new", "--as-of", AS_OF).stdout
    assert (
        "Dossier nouveau dans la comparaison, invalide (1\u202ferreur) : non évalué."
        in text.replace(" :", "\u202f:")
        or "Dossier nouveau dans la comparaison, invalide (1 erreur)" in text.replace("\u202f", " ")
    )
    assert "toujours invalide" not in text


def result_json(result) -> dict:
    return json.loads(result.stdout)


# -- one school, one dossier per label ---------------------------------------------------------

E3D_OF_LURCAT = """format = 1

[establishment]
uai = "0451442Y"
name = "Lycée professionnel Jean Lurçat"
kind = "lp"
sector = "public"

[[applications]]
label = "e3d"
type = "initial"
level = 1
audit = 2026-05-20
"""


def one_dossier_per_label(folder: Path, ldm: str = "ldm", e3d: str = "e3d") -> Path:
    """Jean Lurçat keeping one dossier per label, both with its UAI: `ldm` (the example) and
    `e3d` (an application alone), in the folders named."""
    shutil.copytree(LURCAT, folder / ldm)
    (folder / e3d).mkdir()
    (folder / e3d / "dossier.toml").write_text(E3D_OF_LURCAT, "utf-8")
    return folder


def states(document: dict) -> dict[tuple[str, ...], str]:
    """Each compared dossier's state, by the labels it holds on either side."""
    return {
        tuple(sorted(label["label"] for label in d["labels"])): d["state"]
        for d in document["dossiers"]
    }


def test_a_report_with_two_dossiers_of_one_uai_compared_with_itself_is_unchanged(cli, tmp_path):
    school = one_dossier_per_label(tmp_path / "lp-jean-lurcat")
    report = report_of(cli, tmp_path, "school", school, "--as-of", AS_OF)
    status, document = compared(cli, report, report)
    assert status == 0
    assert states(document) == {("ldm",): "unchanged", ("e3d",): "unchanged"}
    assert all(not v for v in changes(document).values())


def test_dossiers_of_one_uai_moved_to_other_folders_are_told_apart_by_their_labels(cli, tmp_path):
    old = one_dossier_per_label(tmp_path / "old")
    new = one_dossier_per_label(tmp_path / "new", ldm="lycee-des-metiers", e3d="dd")
    status, document = compared(cli, old, new, "--as-of", AS_OF)
    assert status == 0
    assert states(document) == {("ldm",): "unchanged", ("e3d",): "unchanged"}


def test_dossiers_of_one_uai_judging_the_same_labels_moved_are_paired_by_their_content(
    cli, tmp_path
):
    """This year's dossier and last year's copy (without its board minutes), both LDM, their
    folders renamed: paired by content, not crossed by the order of their folders (a school
    that changed nothing was reported worse, exit 1)."""
    old = tmp_path / "old"
    shutil.copytree(LURCAT, old / "lp-jean-lurcat")
    without_pv_ca(old / "archive" / "lp-2025")
    new = tmp_path / "new"
    shutil.copytree(old / "lp-jean-lurcat", new / "z1" / "a")  # first now, second before
    shutil.copytree(old / "archive" / "lp-2025", new / "z2" / "b")
    status, document = compared(cli, old, new, "--as-of", AS_OF)
    assert [d["state"] for d in document["dossiers"]] == ["unchanged", "unchanged"]
    assert status == 0


def test_a_dossier_of_a_shared_uai_removed_is_that_one_alone(cli, tmp_path):
    old = one_dossier_per_label(tmp_path / "old")
    new = one_dossier_per_label(tmp_path / "new")
    shutil.rmtree(new / "ldm")
    _, document = compared(cli, old, new, "--as-of", AS_OF)
    assert states(document) == {("e3d",): "unchanged", ("ldm",): "removed"}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_human_comparison_names_which_dossier_of_a_shared_uai_changed(cli, tmp_path, fmt):
    """Last year's copy left beside this year's dossier in the new folder: the school « added »
    and the school « unchanged » read the same, « Lycée professionnel Jean Lurçat (0451442Y) »
    both, and an academy could not tell which file was new. Each names its dossier."""
    old = tmp_path / "old"
    shutil.copytree(LURCAT, old / "lp-jean-lurcat")
    new = tmp_path / "new"
    shutil.copytree(LURCAT, new / "lp-jean-lurcat")
    without_pv_ca(new / "copie-2025")
    result = cli("compare", old, new, "--as-of", AS_OF, "--format", fmt)
    text = html.unescape(result.stdout) if fmt == "html" else result.stdout
    for folder in ("copie-2025", "lp-jean-lurcat"):
        assert re.search(rf"\(0451442Y, [^)]*/{folder}/dossier\.toml\)", text), folder
    alone = cli("compare", old / "lp-jean-lurcat", new / "lp-jean-lurcat", "--as-of", AS_OF)
    assert "Lycée professionnel Jean Lurçat (0451442Y)" in alone.stdout  # one dossier: no path


def test_the_baseline_of_dossiers_sharing_a_uai_knows_each_of_their_findings(cli, tmp_path):
    school = one_dossier_per_label(tmp_path / "lp-jean-lurcat")
    known = report_of(cli, tmp_path, "known", school, "--as-of", AS_OF)
    result = cli("evaluate", school, "--format", "json", "--as-of", AS_OF, "--baseline", known)
    assert result.exit_code == 0  # the e3d application's blocking findings are all known
    dossiers = json.loads(result.stdout)["dossiers"]
    findings = [f for d in dossiers for label in d["labels"] for f in label["findings"]]
    assert findings and not any(f["new"] for f in findings)


@pytest.mark.parametrize("moved", [False, True])
def test_a_finding_new_in_one_of_two_dossiers_sharing_a_uai_is_new(cli, tmp_path, moved):
    """Two copies of one school's dossier (one UAI), the first without its board minutes: when
    the second loses them too, its findings are new, though the first had them. Merged by UAI,
    the baseline marked them known and exited 0, where compare says worse (the property
    audit); so too when the repository moved (other paths, the same below it)."""
    before = tmp_path / "before"
    without_pv_ca(before / "a")
    shutil.copytree(LURCAT, before / "b")
    known = report_of(cli, tmp_path, "known", before, "--as-of", AS_OF)
    after = tmp_path / "after" if moved else before
    if moved:
        shutil.copytree(before, after)
    shutil.copy(before / "a" / "dossier.toml", after / "b" / "dossier.toml")
    result = cli(
        "evaluate",
        after,
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--baseline",
        known,
        "--fail-on",
        "blocking",
    )
    assert result.exit_code == 1, result.output
    first, second = (
        {f["rule"] for label in dossier["labels"] for f in label["findings"] if f["new"]}
        for dossier in json.loads(result.stdout)["dossiers"]
    )
    assert first == set()
    assert "LDM-DOC-REQUIRED" in second


def test_a_finding_of_a_dossier_without_findings_in_the_baseline_is_new_beside_its_twin(
    cli, tmp_path
):
    """Two copies of one school's dossier (one UAI), the first without its eco-delegates: the
    second, with no E3D finding in the baseline, loses them too. Its finding is new, as compare
    says: the baseline lent it the first one's (no E3D finding of its own, so not at its path
    there) and exited 0 (the scaling audit)."""
    eco_delegates = r'\[\[documents\]\]\nid = "eco-delegues"\n(?:[^\[\n][^\n]*\n|\n)*'
    school = tmp_path / "school"
    copy_without(MULTILABEL, school / "a", eco_delegates, "eco-delegates")
    shutil.copytree(MULTILABEL, school / "b")
    known = report_of(cli, tmp_path, "known", school, "--as-of", AS_OF)
    shutil.copy(school / "a" / "dossier.toml", school / "b" / "dossier.toml")
    args = ("--as-of", AS_OF, "--baseline", known, "--fail-on", "warning")
    result = cli("evaluate", school, "--format", "json", *args)
    assert result.exit_code == 1, result.output
    first, second = (
        {f["rule"] for label in dossier["labels"] for f in label["findings"] if f["new"]}
        for dossier in json.loads(result.stdout)["dossiers"]
    )
    assert (first, second) == (set(), {"E3D-ECO-DELEGATES"})


# -- nothing changed ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_identical_inputs_change_nothing_and_exit_0(cli, tmp_path, fmt):
    report = report_of(cli, tmp_path, "same", EXAMPLES, "--as-of", AS_OF)
    result = cli("compare", report, report, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["format"] == "labelcheck-compare/1"
        assert all(not v for v in changes(document).values())
        assert {d["state"] for d in document["dossiers"]} == {"unchanged"}
    else:
        assert "Rien n'a changé" in html.unescape(result.stdout)


def test_the_summary_counts_the_findings_still_there(cli, tmp_path):
    report = report_of(cli, tmp_path, "lurcat", LURCAT, "--as-of", AS_OF)
    _, document = compared(cli, report, report)
    listed = sum(
        len(label["findings"]["unchanged"]) for d in document["dossiers"] for label in d["labels"]
    )
    assert listed > 0, "the example has findings: the count below must count them"
    assert document["summary"]["unchanged_findings"] == listed


def test_a_report_and_the_dossiers_it_was_made_from_compare_equal(cli, tmp_path):
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    status, document = compared(cli, report, EXAMPLES, "--as-of", AS_OF)
    assert status == 0
    assert all(not v for v in changes(document).values())


def test_a_json_lines_report_reads_like_a_json_one(cli, tmp_path):
    lines = tmp_path / "run.jsonl"
    cli("evaluate", EXAMPLES, "--format", "jsonl", "-o", lines, "--as-of", AS_OF)
    report = report_of(cli, tmp_path, "run", EXAMPLES, "--as-of", AS_OF)
    status, document = compared(cli, lines, report)
    assert status == 0
    assert document["old"]["tool"] == document["new"]["tool"]
    assert all(not v for v in changes(document).values())


# -- bad input ---------------------------------------------------------------------------------


def lines_report(cli, tmp_path: Path) -> Path:
    """The JSON lines report of the examples' two schools: a line each, then the summary line."""
    lines = tmp_path / "run.jsonl"
    result = cli("evaluate", EXAMPLES, "--format", "jsonl", "-o", lines, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert len(lines.read_text("utf-8").splitlines()) == 3
    return lines


def refused_everywhere(cli, bad: Path, good: Path) -> list[str]:
    """The stderr of `bad` read as compare's OLD, as its NEW and as a baseline: each an input
    error (exit 2), nothing compared."""
    errors = []
    for args in (
        ("compare", bad, good),
        ("compare", good, bad),
        ("evaluate", LURCAT, "--baseline", bad),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == "" and "erreur interne" not in result.stderr
        errors.append(result.stderr.replace("\u202f", " "))
    return errors


def test_a_null_among_the_dossiers_of_the_writers_layout_is_named_as_such(cli, tmp_path):
    """Not « liste sans fin », as if the report were cut: the entry that is no dossier."""
    whole = report_of(cli, tmp_path, "whole", EXAMPLES, "--as-of", AS_OF)
    report = json.loads(whole.read_text("utf-8"))
    report["dossiers"].insert(1, None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    assert bad.read_text("utf-8").startswith('{\n  "format": "labelcheck-report/1"')
    for error in refused_everywhere(cli, bad, whole):
        assert "dossiers[1] : objet JSON attendu (un dossier)" in error, error


def test_a_json_lines_report_cut_after_a_dossier_line_is_refused_as_truncated(cli, tmp_path):
    lines = lines_report(cli, tmp_path)
    cut = tmp_path / "cut.jsonl"
    cut.write_text(lines.read_text("utf-8").splitlines(keepends=True)[0], "utf-8")
    for error in refused_everywhere(cli, cut, lines):
        assert (
            f"{cut}:1 : rapport tronqué après cette ligne (pas de ligne « summary » après le "
            "dernier dossier : l'évaluation a-t-elle été interrompue ?)"
        ) in error


def test_a_json_lines_summary_counting_other_dossiers_than_its_lines_is_refused(cli, tmp_path):
    lines = lines_report(cli, tmp_path)
    *dossiers, summary = lines.read_text("utf-8").splitlines()
    one_gone = tmp_path / "one-gone.jsonl"
    one_gone.write_text(f"{dossiers[1]}\n{summary}\n", "utf-8")
    for error in refused_everywhere(cli, one_gone, lines):
        assert (
            f"{one_gone}:2 : rapport tronqué ou incomplet (son résumé compte 2 dossiers, il en "
            "contient 1)"
        ) in error


def assert_nothing_new(result) -> None:
    """An evaluation against a baseline of its own findings: it has findings, none new."""
    assert result.exit_code == 0, result.output
    findings = [
        f
        for dossier in json.loads(result.stdout)["dossiers"]
        for label in dossier["labels"]
        for f in label["findings"]
    ]
    assert findings and not any(f["new"] for f in findings)


@pytest.mark.parametrize("name", ["run.ndjson", "run.txt", "run"])
def test_a_report_is_read_as_one_whatever_its_extension(cli, tmp_path, name):
    """Evaluated as a dossier, it was a TOML syntax error, then compared as an unnamed school."""
    renamed = lines_report(cli, tmp_path).rename(tmp_path / name)
    whole = report_of(cli, tmp_path, "whole", EXAMPLES, "--as-of", AS_OF)
    status, document = compared(cli, renamed, whole)
    assert status == 0 and document["summary"]["unchanged"] == 2


def test_a_complete_json_lines_report_is_a_baseline(cli, tmp_path):
    lines = lines_report(cli, tmp_path)
    result = cli("evaluate", EXAMPLES, "--format", "json", "--as-of", AS_OF, "--baseline", lines)
    assert_nothing_new(result)


# A JSON lines report's dossier line: the dossier object itself, `format` first (what evaluate
# writes), or wrapped as labelcheck 0.1.0 wrote it (`{"format", "profile", "dossier": {…}}`).
LINE_SHAPES = ["dossier-itself", "wrapped-0.1.0"]


def lines_of_shape(cli, tmp_path: Path, shape: str) -> tuple[Path, Path]:
    """The examples' JSON report, and the same report as JSON lines of `shape`, made by hand
    from it: a line per dossier, then the summary line with the run's provenance."""
    whole = report_of(cli, tmp_path, "whole", EXAMPLES, "--as-of", AS_OF)
    report = json.loads(whole.read_text("utf-8"))
    head = {"format": report["format"], "profile": report["profile"]}
    dossiers = [
        {"format": report["format"], **dossier}
        if shape == "dossier-itself"
        else {**head, "dossier": dossier}
        for dossier in report["dossiers"]
    ]
    summary = {
        **head,
        "tool": report["tool"],
        "profile_digest": report["profile_digest"],
        "summary": report["summary"],
    }
    lines = tmp_path / f"{shape}.jsonl"
    lines.write_text("".join(json.dumps(line) + "\n" for line in [*dossiers, summary]), "utf-8")
    assert len(dossiers) == 2
    return whole, lines


@pytest.mark.parametrize("shape", LINE_SHAPES)
def test_json_lines_of_either_shape_read_like_the_json_report(cli, tmp_path, shape):
    whole, lines = lines_of_shape(cli, tmp_path, shape)
    for old, new in ((lines, whole), (whole, lines)):
        status, document = compared(cli, old, new)
        assert status == 0
        assert document["summary"]["unchanged"] == 2
        assert document["old"]["tool"] == document["new"]["tool"]
        assert all(not v for v in changes(document).values())


@pytest.mark.parametrize("shape", LINE_SHAPES)
def test_json_lines_of_either_shape_are_a_baseline(cli, tmp_path, shape):
    _, lines = lines_of_shape(cli, tmp_path, shape)
    result = cli("evaluate", EXAMPLES, "--format", "json", "--as-of", AS_OF, "--baseline", lines)
    assert_nothing_new(result)


@pytest.mark.parametrize("shape", LINE_SHAPES)
def test_json_lines_of_either_shape_cut_or_miscounted_are_refused(cli, tmp_path, shape):
    whole, lines = lines_of_shape(cli, tmp_path, shape)
    first, second, summary = lines.read_text("utf-8").splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text(f"{first}\n{second}\n", "utf-8")
    for error in refused_everywhere(cli, cut, whole):
        assert f"{cut}:2 : rapport tronqué après cette ligne" in error
    one_gone = tmp_path / "one-gone.jsonl"
    one_gone.write_text(f"{second}\n{summary}\n", "utf-8")
    for error in refused_everywhere(cli, one_gone, whole):
        assert f"{one_gone}:2 : rapport tronqué ou incomplet (son résumé compte 2 dossiers" in error


def test_a_json_lines_dossier_line_is_checked_as_a_dossier(cli, tmp_path):
    whole, lines = lines_of_shape(cli, tmp_path, "dossier-itself")
    first, second, summary = lines.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    broken = json.loads(first)
    del broken["path"]
    bad.write_text(f"{json.dumps(broken)}\n{second}\n{summary}\n", "utf-8")
    for error in refused_everywhere(cli, bad, whole):
        assert f"{bad}:1 : rapport invalide, 1 erreur\n  path : clé obligatoire « path »" in error
    neither = tmp_path / "neither.jsonl"
    neither.write_text('{"format": "labelcheck-report/1", "uai": "0451442Y"}\n', "utf-8")
    for error in refused_everywhere(cli, neither, whole):
        assert (
            f"{neither}:1 : clé obligatoire « dossiers » absente (en JSON lines, un dossier, "
            "« path » et « labels », ou « summary »)"
        ) in error


def test_a_json_report_cut_after_a_dossier_is_refused_as_truncated(cli, tmp_path):
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    text = report.read_text("utf-8")
    end = text.index("\n    },\n    {") + len("\n    }")  # what a killed run leaves
    cut = tmp_path / "cut.json"
    cut.write_text(text[:end], "utf-8")
    line = text[:end].count("\n") + 1
    for error in refused_everywhere(cli, cut, report):
        assert (
            f"{cut}:{line} : rapport tronqué après cette ligne (liste « dossiers » sans fin : "
            "l'évaluation a-t-elle été interrompue ?)"
        ) in error


def test_a_json_report_cut_before_its_dossiers_is_refused_as_cut(cli, tmp_path):
    """Cut in its head (its `tool`), it was « clé obligatoire « dossiers » absente », as if it
    were another program's JSON (the new-user walk's baseline cut at 1,000 bytes)."""
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    text = report.read_text("utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"dossiers"') // 2], "utf-8")
    line = text[: text.index('"dossiers"') // 2].count("\n") + 1
    for error in refused_everywhere(cli, cut, report):
        assert f"{cut}:{line} : JSON illisible (fin inattendue : fichier tronqué)" in error


def test_a_json_report_cut_inside_a_dossier_names_the_line_it_starts_at(cli, tmp_path):
    """The contract's « refusé (code 2) avec son fichier et sa ligne »: it had no line."""
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    text = report.read_text("utf-8")
    second = text.index("\n    {", text.index("\n    },\n    {")) + 1  # the second dossier
    cut = tmp_path / "cut.json"
    cut.write_text(text[: second + 2000], "utf-8")  # cut in its middle
    line = text[:second].count("\n") + 1
    for error in refused_everywhere(cli, cut, report):
        assert (
            f"{cut}:{line} : rapport tronqué : le dossier qui commence à cette ligne n'a pas de fin"
        ) in error


def test_a_json_report_whose_summary_counts_other_dossiers_is_refused(cli, tmp_path):
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    document = json.loads(report.read_text("utf-8"))
    del document["dossiers"][0]
    for indent in (2, None):  # the JSON writer's layout, and one read whole
        edited = tmp_path / "edited.json"
        edited.write_text(json.dumps(document, indent=indent, ensure_ascii=False), "utf-8")
        for error in refused_everywhere(cli, edited, report):
            assert (
                "rapport tronqué ou incomplet (son résumé compte 2 dossiers, il en contient 1)"
                in error
            )


def test_a_report_that_is_not_one_is_an_input_error(cli, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text(
        '{"format": "labelcheck-report/1", "dossiers": [3], "summary": {"dossiers": 1}}', "utf-8"
    )
    result = cli("compare", bogus, bogus)
    assert result.exit_code == 2
    assert "dossiers[0]" in result.stderr


@pytest.mark.parametrize(
    "content, said",
    [
        (
            "garbage\n",
            "ce n'est pas un rapport de labelcheck (« format » attendu : labelcheck-report/1)",
        ),
        (
            '{\n  "format": "labelcheck-compare/1",\n  "dossiers": []\n}\n',
            "une comparaison de deux évaluations (labelcheck-compare/1), pas un rapport d'évaluation",
        ),
        (
            '{"format": "labelcheck-campaign/1", "steps": []}\n',
            "un échéancier de campagne (labelcheck-campaign/1), pas un rapport d'évaluation",
        ),
    ],
    ids=["not-json", "a-comparison", "a-campaign"],
)
def test_a_json_file_that_is_not_a_report_is_refused_before_any_comparison(
    cli, tmp_path, content, said
):
    """A comparison given back to compare was « pas un rapport de labelcheck » (the versions
    audit): it is one of labelcheck's, a comparison, not an evaluation's report."""
    other = tmp_path / "other.json"
    other.write_text(content, "utf-8")
    report = report_of(cli, tmp_path, "report", LURCAT, "--as-of", AS_OF)
    result = cli("compare", other, report)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert said in result.stderr.replace("\u202f", " ")
    assert "clé inconnue" not in result.stderr  # not read as a dossier
    baseline = cli("evaluate", LURCAT, "--baseline", other)
    assert baseline.exit_code == 2 and said in baseline.stderr.replace("\u202f", " ")


@pytest.mark.parametrize("layout", ["json", "jsonl"])
def test_a_report_of_a_later_version_says_to_update_labelcheck(cli, tmp_path, layout):
    """`labelcheck-report/2` was « pas un rapport de labelcheck » (the versions audit), where
    the dossier reader says of a later dossier format to update labelcheck."""
    result = cli("evaluate", LURCAT, "--as-of", AS_OF, "--format", layout, "--fail-on", "never")
    later = tmp_path / f"later.{layout}"
    later.write_text(result.stdout.replace("labelcheck-report/1", "labelcheck-report/2"), "utf-8")
    report = report_of(cli, tmp_path, "report", LURCAT, "--as-of", AS_OF)
    said = (
        f"{later}:1 : rapport au format labelcheck-report/2, d'une version de labelcheck plus "
        "récente : cette version lit le format labelcheck-report/1 ; mettre labelcheck à jour"
    )
    for args in (("compare", later, report), ("evaluate", LURCAT, "--baseline", later)):
        refused = cli(*args)
        assert refused.exit_code == 2 and refused.stdout == ""
        assert said in refused.stderr.replace("\u202f", " ")


# labelcheck's other outputs, kept by a school or an academy beside (or instead of) its JSON
# report: (command, format, extension, what compare says it is).
OTHER_OUTPUTS = {
    "junit": ("evaluate", "junit", ".xml", "un rapport JUnit (XML)"),
    "markdown": ("evaluate", "markdown", ".md", "un rapport Markdown"),
    "html": ("evaluate", "html", ".html", "un rapport HTML"),
    "sarif": ("evaluate", "sarif", ".sarif", "un rapport SARIF"),
    "sarif-as-json": ("evaluate", "sarif", ".json", "un rapport SARIF"),
    "codequality": ("evaluate", "codequality", ".json", "un rapport Code Quality (GitLab)"),
    "ics": ("evaluate", "ics", ".ics", "un calendrier iCalendar (ICS)"),
    "campaign-csv": ("campaign", "csv", ".csv", "un tableau CSV"),
}


def other_output(cli, tmp_path: Path, command: str, fmt: str, extension: str) -> Path:
    out = tmp_path / f"old{extension}"
    dates = ("--as-of", AS_OF) if command == "evaluate" else ("--from", "2026-01-01")
    result = cli(command, EXAMPLES, *dates, "--format", fmt, "-o", out)
    assert result.exit_code in (0, 1), result.output
    return out


@pytest.mark.parametrize("command, fmt, extension, what", OTHER_OUTPUTS.values(), ids=OTHER_OUTPUTS)
@pytest.mark.parametrize("side", ["old", "new"])
def test_another_output_of_labelcheck_is_said_what_it_is_and_nothing_is_compared(
    cli, tmp_path, command, fmt, extension, what, side
):
    """Last year's JUnit or HTML report given to compare was read as a TOML dossier: TOML
    advice (« remplacer U+202F », « sans BOM ») and a comparison written anyway, every school
    « ajouté » (the versions audit)."""
    other = other_output(cli, tmp_path, command, fmt, extension)
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    written = tmp_path / "comparison.json"
    old, new = (other, report) if side == "old" else (report, other)
    result = cli("compare", old, new, "-o", written)
    assert result.exit_code == 2
    assert not written.exists()
    error = result.stderr.replace("\u202f", " ")
    assert f"{other}:1 : {what} : compare lit les rapports JSON ou JSONL de labelcheck" in error
    assert "TOML" not in error and "dossier invalide" not in error
    baseline = cli("evaluate", LURCAT, "--as-of", AS_OF, "--baseline", other)
    assert baseline.exit_code == 2 and baseline.stdout == ""
    assert f"{what} : --baseline lit un rapport JSON" in baseline.stderr.replace("\u202f", " ")


def test_a_pdf_report_is_said_to_be_one(cli, tmp_path):
    pdf = tmp_path / "rapport-2025.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    result = cli("compare", pdf, LURCAT, "--as-of", AS_OF)
    assert result.exit_code == 2 and result.stdout == ""
    assert "un document PDF" in result.stderr and "octets nuls" not in result.stderr


def test_a_toml_dossier_under_another_name_is_still_evaluated(cli, tmp_path):
    """Told apart by its `format = 1` line, as a JSON dossier is by its `"format": 1`."""
    folder = tmp_path / "lp-jean-lurcat"
    shutil.copytree(LURCAT, folder)
    renamed = folder / "dossier-2025.txt"
    renamed.write_bytes((folder / "dossier.toml").read_bytes())
    status, document = compared(cli, renamed, folder / "dossier.toml", "--as-of", AS_OF)
    assert status == 0 and document["summary"]["unchanged"] == 1


# A report's part that compare reads, made malformed in one way: the key said wrong and what
# was expected, in French.
FINDING = {
    "rule": "LDM-DOC-REQUIRED",
    "kind": "required-document",
    "severity": "blocking",
    "ref": "ldm",
    "subject": "pv-ca",
    "message": "Pièce obligatoire absente",
}
LABEL = {"label": "ldm", "as_of": AS_OF, "verdict": "not-ready", "criteria": [], "findings": []}
DOSSIER = {"path": "a/dossier.toml", "uai": "0451442Y", "errors": [], "labels": [LABEL]}
MALFORMED = {
    "subject-a-list": (
        {
            "dossiers": [
                {**DOSSIER, "labels": [{**LABEL, "findings": [{**FINDING, "subject": []}]}]}
            ]
        },
        "dossiers[0].labels[0].findings[0].subject : texte attendu ; reçu une liste vide",
    ),
    "no-dossiers": ({}, "clé obligatoire « dossiers » absente"),
    "findings-a-text": (
        {"dossiers": [{**DOSSIER, "labels": [{**LABEL, "findings": "x"}]}]},
        "dossiers[0].labels[0].findings : liste attendue ; reçu « x »",
    ),
    "label-a-number": (
        {"dossiers": [{**DOSSIER, "labels": [{**LABEL, "label": 5}]}]},
        "dossiers[0].labels[0].label : texte attendu ; reçu 5",
    ),
    "as-of-not-a-date": (
        {"dossiers": [{**DOSSIER, "labels": [{**LABEL, "as_of": "not-a-date"}]}]},
        "dossiers[0].labels[0].as_of : date attendue (AAAA-MM-JJ) ; reçu « not-a-date »",
    ),
    "tool-a-text": ({"tool": "x", "dossiers": []}, "tool : objet JSON attendu ; reçu « x »"),
    # The contract's values, and `not-yet-awarded` (a label held only after the as-of date): no other.
    "severity-capitalised": (
        {
            "dossiers": [
                {
                    **DOSSIER,
                    "labels": [{**LABEL, "findings": [{**FINDING, "severity": "Blocking"}]}],
                }
            ]
        },
        "dossiers[0].labels[0].findings[0].severity : valeur « Blocking » non reconnue ; "
        "valeurs possibles : blocking, warning, info (vouliez-vous dire « blocking » ?)",
    ),
    "verdict-unknown": (
        {"dossiers": [{**DOSSIER, "labels": [{**LABEL, "verdict": "done"}]}]},
        "dossiers[0].labels[0].verdict : valeur « done » non reconnue ; valeurs possibles : "
        "ready, not-ready, valid, renewal-due, expired, not-yet-awarded",
    ),
    "status-unknown": (
        {
            "dossiers": [
                {**DOSSIER, "labels": [{**LABEL, "criteria": [{"ref": "ldm:1", "status": "ok"}]}]}
            ]
        },
        "dossiers[0].labels[0].criteria[0].status : valeur « ok » non reconnue ; valeurs "
        "possibles : met, not-met, met-by-equivalence, not-applicable, not-evaluated, unsupported",
    ),
    "label-twice": (
        {"dossiers": [{**DOSSIER, "labels": [LABEL, LABEL]}]},
        "dossiers[0].labels[1].label : label « ldm » en double",
    ),
    # The summary's count tells a complete report from one cut short: it must be one.
    "summary-empty": (
        {"dossiers": [], "summary": {}},
        "summary.dossiers : clé obligatoire « dossiers » absente",
    ),
    "summary-null": ({"dossiers": [], "summary": None}, "summary : objet JSON attendu ; reçu null"),
    "count-null": (
        {"dossiers": [], "summary": {"dossiers": None}},
        "summary.dossiers : nombre entier attendu ; reçu null",
    ),
    "count-a-text": (
        {"dossiers": [DOSSIER], "summary": {"dossiers": "1"}},
        "summary.dossiers : nombre entier attendu ; reçu « 1 »",
    ),
    "count-negative": (
        {"dossiers": [], "summary": {"dossiers": -1}},
        "summary.dossiers : nombre ≥ 0 attendu ; reçu -1",
    ),
    "interrupted-a-text": (
        {"dossiers": [DOSSIER], "summary": {"dossiers": 1, "interrupted": "true"}},
        "summary.interrupted : vrai ou faux (true/false) attendu ; reçu « true »",
    ),
}


@pytest.mark.parametrize("content, error", MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize("layout", ["indented", "one-line"])
def test_a_malformed_report_is_an_input_error_naming_its_key(cli, tmp_path, content, error, layout):
    report = {"format": "labelcheck-report/1", "profile": "auto", **content}
    if "dossiers" in content:  # a summary line alone is a JSON lines report of no dossier
        report.setdefault("summary", {"dossiers": len(content["dossiers"])})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report, indent=2 if layout == "indented" else None), "utf-8")
    good = report_of(cli, tmp_path, "good", LURCAT, "--as-of", AS_OF)
    for args in (
        ("compare", bad, good),
        ("compare", good, bad),
        ("evaluate", LURCAT, "--baseline", bad),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert error in result.stderr.replace("\u202f", " "), result.stderr
        assert "erreur interne" not in result.stderr


def test_a_well_formed_one_line_report_is_read(cli, tmp_path):
    report = {
        "format": "labelcheck-report/1",
        "profile": "auto",
        "dossiers": [DOSSIER],
        "summary": {"dossiers": 1},
    }
    one_line = tmp_path / "one-line.json"
    one_line.write_text(json.dumps(report), "utf-8")
    status, document = compared(cli, one_line, one_line)
    assert status == 0 and document["summary"]["unchanged"] == 1


# A report made by hand, in one of the layouts the JSON writers give or that another tool would.
LAYOUTS = ["indented", "one-line", "lines"]
OTHER = {**DOSSIER, "path": "b/dossier.toml", "uai": "0180008L"}


def hand_made(tmp_path: Path, name: str, dossiers: list, layout: str, count=None) -> Path:
    """A report of `dossiers`, its summary counting `count` (else them), laid out as `layout`:
    the JSON writer's (indented), on one line, or as JSON lines."""
    head = {"format": "labelcheck-report/1", "profile": "auto"}
    summary = {"dossiers": len(dossiers) if count is None else count}
    if layout == "lines":
        path = tmp_path / f"{name}.jsonl"
        lines = [{"format": head["format"], **d} for d in dossiers] + [{**head, "summary": summary}]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
        return path
    path = tmp_path / f"{name}.json"
    report = {**head, "dossiers": dossiers, "summary": summary}
    path.write_text(json.dumps(report, indent=2 if layout == "indented" else None), "utf-8")
    return path


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("uai", ["0451442Y", None], ids=["by-uai", "by-path"])
def test_a_dossier_twice_in_a_report_is_refused_even_counted(cli, tmp_path, layout, uai):
    """Its findings would count twice, its copy read as removed. Dossiers of one school sharing
    its UAI, at different paths, are still read (one dossier per label, above)."""
    twice = {**DOSSIER, "uai": uai}
    bad = hand_made(tmp_path, "bad", [twice, OTHER, twice], layout)
    good = hand_made(tmp_path, "good", [twice, OTHER], layout)
    where = {"lines": f"{bad}:3", "one-line": f"{bad}:1 : dossiers[2]"}.get(
        layout, f"{bad} : dossiers[2]"
    )
    named = "« a/dossier.toml » (UAI 0451442Y)" if uai else "« a/dossier.toml »"
    for error in refused_everywhere(cli, bad, good):
        assert (
            f"{where} : dossier {named} en double : un rapport compte chaque dossier une " in error
        )
    assert compared(cli, good, good)[0] == 0


def test_two_json_lines_reports_put_end_to_end_are_refused(cli, tmp_path):
    """`cat a.jsonl b.jsonl`: each counts its own lines, yet the two are not one report."""
    same = hand_made(tmp_path, "same", [DOSSIER], "lines")
    both = tmp_path / "both.jsonl"
    both.write_text(same.read_text("utf-8") * 2, "utf-8")
    for error in refused_everywhere(cli, both, same):
        assert f"{both}:3 : dossier « a/dossier.toml » (UAI 0451442Y) en double" in error
    other = hand_made(tmp_path, "other", [OTHER], "lines")
    both.write_text(same.read_text("utf-8") + other.read_text("utf-8"), "utf-8")
    for error in refused_everywhere(cli, both, same):
        assert (
            f"{both}:4 : seconde ligne « summary » (la première ligne 2) : un rapport n'en a "
            "qu'une (deux rapports mis bout à bout ?)"
        ) in error


@pytest.mark.parametrize("layout", ["indented", "one-line"])
def test_a_json_report_without_its_summary_is_refused_as_incomplete(cli, tmp_path, layout):
    good = hand_made(tmp_path, "good", [DOSSIER], layout)
    report = json.loads(good.read_text("utf-8"))
    del report["summary"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report, indent=2 if layout == "indented" else None), "utf-8")
    where = str(bad) if layout == "indented" else f"{bad}:1"
    for error in refused_everywhere(cli, bad, good):
        assert f"{where} : rapport incomplet, clé obligatoire « summary » absente" in error


def test_a_summary_before_the_dossiers_counts_them_too(cli, tmp_path):
    """A tool that sorts keys puts `summary` before `dossiers`: read, and its count checked."""
    good = hand_made(tmp_path, "good", [DOSSIER, OTHER], "indented")
    for count in (2, 3):
        report = {"format": "labelcheck-report/1", "summary": {"dossiers": count}}
        report["dossiers"] = [DOSSIER, OTHER]
        first = tmp_path / f"first-{count}.json"
        first.write_text(json.dumps(report, indent=2), "utf-8")
        if count == 2:
            assert compared(cli, first, good)[0] == 0
            continue
        line = first.read_text("utf-8").splitlines().index('  "summary": {') + 1
        for error in refused_everywhere(cli, first, good):
            assert (
                f"{first}:{line} : rapport tronqué ou incomplet (son résumé compte 3 dossiers, "
                "il en contient 2)"
            ) in error


@pytest.mark.parametrize("content", ["", "\n\n"], ids=["empty", "blank"])
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_an_empty_report_is_said_to_be_empty(cli, tmp_path, content, suffix):
    empty = tmp_path / f"empty{suffix}"
    empty.write_text(content, "utf-8")
    good = hand_made(tmp_path, "good", [DOSSIER], "indented")
    for error in refused_everywhere(cli, empty, good):
        assert f"{empty} : fichier vide" in error


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("before", ["\ufeff", "\n", "\ufeff\n\n"], ids=["bom", "blank", "both"])
def test_a_bom_or_blank_lines_before_a_report_are_skipped(cli, tmp_path, layout, before):
    """Windows tools write a BOM before UTF-8 text; a blank line is skipped as elsewhere."""
    good = hand_made(tmp_path, "good", [DOSSIER, OTHER], layout)
    text = good.read_text("utf-8")
    led = tmp_path / f"led{good.suffix}"
    led.write_text(before + text, "utf-8")
    status, document = compared(cli, led, good)
    assert status == 0 and document["summary"]["unchanged"] == 2
    # Its lines still counted from the file's first: a BOM is on the first, blank lines lines.
    broken = json.loads(text.splitlines()[-1]) if layout == "lines" else None
    if broken is not None:
        broken["summary"]["dossiers"] = "2"
        led.write_text(before + "".join(text.splitlines(True)[:-1]) + json.dumps(broken), "utf-8")
        line = 3 + before.count("\n")
        for error in refused_everywhere(cli, led, good):
            assert f"{led}:{line} : rapport invalide, 1 erreur" in error


def test_a_dossier_in_json_under_another_name_is_still_evaluated(cli, tmp_path):
    good = Path(__file__).parents[1] / "core" / "fixtures" / "good-json" / "dossier.json"
    renamed = tmp_path / "ecole.json"
    renamed.write_bytes(good.read_bytes())
    status, document = compared(cli, renamed, renamed)
    assert status == 0 and document["summary"]["unchanged"] == 1


def test_a_missing_path_is_a_usage_error(cli, tmp_path):
    result = cli("compare", tmp_path / "nowhere.json", EXAMPLES)
    assert result.exit_code == 2
    assert "introuvable" in result.stderr


# -- evaluate --baseline -----------------------------------------------------------------------


def test_the_baseline_marks_only_new_findings_and_fail_on_counts_them(cli, tmp_path):
    fixed = report_of(cli, tmp_path, "fixed", LURCAT, "--as-of", AS_OF)
    broken = without_pv_ca(tmp_path / "broken" / "lp-jean-lurcat")
    result = cli("evaluate", broken, "--format", "json", "--as-of", AS_OF, "--baseline", fixed)
    assert result.exit_code == 1  # the missing board minutes are new, and blocking
    findings = [f for f in json.loads(result.stdout)["dossiers"][0]["labels"][0]["findings"]]
    assert {f["subject"] for f in findings if f["new"]} == {"pv-ca"}
    assert all("new" in f for f in findings)

    known = report_of(cli, tmp_path, "known", broken, "--as-of", AS_OF)
    again = cli("evaluate", broken, "--format", "json", "--as-of", AS_OF, "--baseline", known)
    assert again.exit_code == 0  # blocking, but already known: CI fails on what a change broke
    assert not any(
        f["new"] for f in json.loads(again.stdout)["dossiers"][0]["labels"][0]["findings"]
    )


def test_without_a_baseline_findings_carry_no_new_mark(cli):
    result = cli("evaluate", LURCAT, "--format", "json", "--as-of", AS_OF)
    findings = json.loads(result.stdout)["dossiers"][0]["labels"][0]["findings"]
    assert findings and not any("new" in f for f in findings)


def test_reports_carry_what_was_judged(cli, tmp_path):
    first = json.loads(report_of(cli, tmp_path, "a", EXAMPLES, "--as-of", AS_OF).read_text())
    second = json.loads(report_of(cli, tmp_path, "b", EXAMPLES, "--as-of", AS_OF).read_text())
    assert first["tool"]["name"] == "labelcheck"
    assert {p["name"] for p in first["tool"]["plugins"]} >= {"ldm", "euroscol", "e3d", "eduform"}
    assert first["profile_digest"].startswith("sha256:")
    assert all(d["digest"].startswith("sha256:") for d in first["dossiers"])
    assert first == second  # deterministic


def test_junit_under_a_baseline_fails_only_on_new_blocking_findings(cli, tmp_path):
    broken = without_pv_ca(tmp_path / "broken" / "lp-jean-lurcat")
    known = report_of(cli, tmp_path, "known", broken, "--as-of", AS_OF)
    plain = cli("evaluate", broken, "--format", "junit", "--as-of", AS_OF)
    against = cli("evaluate", broken, "--format", "junit", "--as-of", AS_OF, "--baseline", known)
    assert "<failure" in plain.stdout
    assert "<failure" not in against.stdout
    assert "[déjà connu] LDM-DOC" in against.stdout
    assert against.exit_code == 0 and plain.exit_code == 1


def test_the_format_asked_for_is_written_whatever_the_output_file_announces(cli, tmp_path):
    """As evaluate and campaign: --format json into a .md file writes JSON, the mismatch said
    on stderr (cli-and-report: --format chooses, --output names any file)."""
    report = report_of(cli, tmp_path, "report", LURCAT, "--as-of", AS_OF)
    out = tmp_path / "comparaison.md"
    result = cli("compare", report, report, "--format", "json", "-o", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text("utf-8"))["format"] == "labelcheck-compare/1"
    assert "--format json, mais l'extension .md" in result.stderr


def test_the_report_of_an_interrupted_run_is_refused(cli, tmp_path):
    """Valid up to its last dossier, it lacks the others: they would read as removed, and all
    their findings as new (a cancelled CI job's report must not become a baseline)."""
    lines = lines_report(cli, tmp_path)
    first, _, summary = lines.read_text("utf-8").splitlines()
    ended = json.loads(summary)
    ended["summary"] |= {"interrupted": True, "dossiers": 1}
    partial = tmp_path / "partial.jsonl"
    partial.write_text(f"{first}\n{json.dumps(ended)}\n", "utf-8")
    for error in refused_everywhere(cli, partial, lines):
        assert f"{partial}:2 : rapport d'une évaluation interrompue" in error


def test_the_text_comparison_states_its_production_date_and_version(cli, monkeypatch):
    """A human report states the date it was produced (cli-and-report 1.1), as the Markdown
    and HTML comparisons did; the text one said nothing of when it was made."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026
    text = cli("compare", LURCAT, LURCAT, "--as-of", AS_OF).stdout
    assert (
        text.rstrip("\n")
        .splitlines()[-1]
        .startswith("Rapport établi le 01/01/2026 par labelcheck ")
    )


@pytest.mark.parametrize(
    ("name", "starts"), [("changes.htm", "<!DOCTYPE html>"), ("changes.markdown", "#")]
)
def test_the_comparison_s_format_is_inferred_from_the_other_usual_extensions(
    cli, tmp_path, name, starts
):
    """`.htm` and `.markdown`, as evaluate reads them: they gave the text comparison."""
    out = tmp_path / name
    result = cli("compare", LURCAT, LURCAT, "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith(starts)


# -- what makes compare exit 1 (--fail-on, as evaluate's) ------------------------------------


def test_new_warnings_fail_only_with_fail_on_warning(cli, tmp_path):
    # Judged on 1 October, the label has expired and an action is late: two new warnings.
    old = report_of(cli, tmp_path, "may", LURCAT, "--as-of", AS_OF)
    new = report_of(cli, tmp_path, "october", LURCAT, "--as-of", "2026-10-01")
    assert compared(cli, old, new)[0] == 0
    assert compared(cli, old, new, "--fail-on", "warning")[0] == 1


def test_a_label_become_due_for_renewal_is_a_verdict_down_and_exits_1(cli, tmp_path):
    """« Exit 1 when anything got worse (… a verdict down) » (cli-and-report 1.1): valid, then
    renewal due, is one, though the finding that comes with it is only a warning."""
    school = held_only(tmp_path / "lycee", "2021-09-01")  # expires on 01/09/2026
    old = report_of(cli, tmp_path, "2025", school, "--as-of", "2025-06-01")
    new = report_of(cli, tmp_path, "2026", school, "--as-of", "2026-06-01")
    status, document = compared(cli, old, new)
    [label] = document["dossiers"][0]["labels"]
    assert label["verdict"] == {"old": "valid", "new": "renewal-due"}
    assert {f["severity"] for f in label["findings"]["new"]} == {"warning"}
    assert label["trend"] == "worse"
    assert document["summary"]["verdicts_down"] == 1
    assert status == 1


def test_a_finding_that_now_warns_fails_only_with_fail_on_warning(cli, tmp_path):
    """`--fail-on warning` fails on a warning that was not one: the renewal reminder a profile
    lowered to info, a warning again under the national profile."""
    lowered = tmp_path / "discret.toml"
    lowered.write_text(
        'name = "discret"\nextends = "national"\n\n[[severity]]\n'
        'rule = "LDM-VALIDITY-RENEWAL-DUE"\nseverity = "info"\n'
        'reason = "Le rectorat suit lui-même les renouvellements."\n',
        "utf-8",
    )
    school = held_only(tmp_path / "lycee", "2021-09-01")
    on_the_day = ("--as-of", "2026-06-01")
    old = report_of(cli, tmp_path, "info", school, *on_the_day, "--profile", lowered)
    new = report_of(cli, tmp_path, "warning", school, *on_the_day, "--profile", "national")
    status, document = compared(cli, old, new, "--fail-on", "warning")
    [label] = document["dossiers"][0]["labels"]
    assert not label["findings"]["new"]
    [still] = label["findings"]["unchanged"]
    assert (still["rule"], still["severity"]) == ("LDM-VALIDITY-RENEWAL-DUE", "warning")
    assert status == 1
    assert compared(cli, old, new)[0] == 0  # nothing blocks


def test_fail_on_never_exits_0_even_when_worse(cli, tmp_path):
    removed = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    assert compared(cli, LURCAT, removed, "--as-of", AS_OF)[0] == 1
    assert compared(cli, LURCAT, removed, "--as-of", AS_OF, "--fail-on", "never")[0] == 0


def test_dossiers_compared_on_the_spot_take_evaluates_timeout(cli, tmp_path):
    result = cli("compare", LURCAT, LURCAT, "--timeout", "0", "--format", "json")
    assert result.exit_code == 0, result.output
    assert cli("compare", LURCAT, LURCAT, "--timeout", "-1").exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_changed_school_shows_every_labels_verdict_even_unchanged(cli, tmp_path, fmt):
    # cli-and-report: « for each dossier and label it gives the verdict before and after »;
    # only the verdicts that changed were shown.
    old = report_of(cli, tmp_path, "may", LURCAT, "--as-of", AS_OF)
    new = report_of(cli, tmp_path, "october", LURCAT, "--as-of", "2026-10-01")
    shown = cli("compare", old, new, "--format", fmt).stdout
    # Each label with the date each side judged it at (1.1: human reports state each
    # label's as-of date).
    ldm_dates = "Lycée des métiers (au 20/05/2026 puis au 01/10/2026)"
    row = {
        "text": f"{ldm_dates}\u202f: prêt → prêt (inchangé)",
        "markdown": f"| {ldm_dates} | prêt | prêt | inchangé | — |",
        "html": f"<td>{ldm_dates}</td><td>prêt</td><td>prêt</td><td>inchangé</td>",
    }[fmt]
    assert row in shown


def test_a_report_of_an_earlier_version_saying_ready_is_no_verdict_down(cli, tmp_path):
    """labelcheck 0.7.0 gave a label held with no application, awarded after the as-of date, the
    verdict `ready` (counted in the summary's `ready` and again in `not_yet_awarded`); this
    version says `not-yet-awarded`. Compared with a report of then, nothing changed: exit 0,
    no verdict down, and both sides read « pas encore attribué »."""
    new = report_of(cli, tmp_path, "new", MULTILABEL, "--as-of", "2020-01-01")
    report = json.loads(new.read_text("utf-8"))
    renamed = 0
    for label in report["dossiers"][0]["labels"]:
        if label["verdict"] == "not-yet-awarded":
            label["verdict"], renamed = "ready", renamed + 1
    assert renamed == 2  # Eduform and Euroscol, awarded in 2024
    report["summary"]["ready"] += renamed  # and counted twice, as then
    old = tmp_path / "old.json"
    old.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    status, document = compared(cli, old, new)
    assert status == 0
    assert document["summary"]["verdicts_down"] == 0
    verdicts = [label["verdict"] for label in document["dossiers"][0]["labels"]]
    assert {"old": "not-yet-awarded", "new": "not-yet-awarded"} in verdicts


def test_a_label_not_held_yet_reads_as_evaluate_says_it():
    """`compare` printed the JSON verdict: « prêt » where `evaluate` says « pas encore
    attribué » (the diff's review); a report of any earlier version is read so."""
    from labelcheck.core.compare import LabelComparison

    later = {"application": None, "held": {"status": "not-yet-awarded"}, "findings": []}
    valid = {"application": None, "held": {"status": "valid"}, "verdict": "valid"}
    old = {**later, "verdict": "not-yet-awarded"}  # this version's report, and the earliest
    label = LabelComparison("euroscol", "Euroscol", old, valid, {})
    assert (label.old_verdict, label.new_verdict) == ("not-yet-awarded", "valid")
    label = LabelComparison("euroscol", "Euroscol", {**later, "verdict": "ready"}, old, {})
    assert (label.old_verdict, label.new_verdict) == ("not-yet-awarded", "not-yet-awarded")
    assert label.verdict_trend == "same"
    blocked = {**later, "verdict": "not-yet-awarded", "findings": [{"severity": "blocking"}]}
    label = LabelComparison("euroscol", "Euroscol", blocked, {**later, "verdict": "not-ready"}, {})
    assert (label.old_verdict, label.new_verdict) == ("not-ready", "not-yet-awarded")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_label_awarded_between_the_two_dates_reads_as_not_yet_awarded_then(cli, tmp_path, fmt):
    """Read from a JSON report, a label's held status was left out of what a comparison keeps:
    Euroscol, awarded on 15 June 2024, compared from 1 January to 1 July read « prêt → valide »,
    a label with no application « prêt », where `evaluate` said « pas encore attribué »."""
    before = report_of(cli, tmp_path, "before", MULTILABEL, "--as-of", "2024-01-01")
    result = cli("compare", before, MULTILABEL, "--as-of", "2024-07-01", "--format", fmt)
    assert result.exit_code in (0, 1), result.output
    [line] = [
        line for line in result.stdout.splitlines() if line.lstrip("| ").startswith("Euroscol")
    ]
    assert "pas encore attribué" in line and "prêt" not in line, line


def test_an_old_not_yet_awarded_verdict_with_a_blocking_finding_reads_as_not_ready(cli, tmp_path):
    """The old sixth verdict was given whatever the findings: one with a blocking finding
    (an Eduform major nonconformity still open) is now `not-ready`, and a comparison with a
    report of then is no verdict down (the diff's review)."""
    fixture = Path(__file__).parents[1] / "plugins" / "fixtures" / "eduform"
    folder = tmp_path / "greta"
    folder.mkdir()
    shutil.copy(fixture / "held-later-major-open.toml", folder / "dossier.toml")
    new = report_of(cli, tmp_path, "new", folder, "--as-of", "2025-05-01")
    report = json.loads(new.read_text("utf-8"))
    [label] = report["dossiers"][0]["labels"]
    assert label["verdict"] == "not-ready"
    label["verdict"] = "not-yet-awarded"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    status, document = compared(cli, old, new)
    assert status == 0 and document["summary"]["verdicts_down"] == 0
    [compared_label] = document["dossiers"][0]["labels"]
    assert compared_label["verdict"] == {"old": "not-ready", "new": "not-ready"}


def test_of_findings_identical_in_identity_the_one_already_there_is_the_one_still_there(
    cli, tmp_path
):
    """Two leaflets missing where one was: both are LDM-DOC-LEAFLET on `plaquette` at `ldm`,
    one finding already there and one new by the identity alone. Which is which, the message
    says: compare and --baseline named the one already missing as new (the contract audit)."""
    leaflet = r'\[\[documents\]\]\nid = "plaquette-{}"\n(?:[^\[\n][^\n]*\n|\n)*'
    one = copy_without(LURCAT, tmp_path / "one", leaflet.format("mv"), "leaflet")
    two = copy_without(one, tmp_path / "two", leaflet.format("carrosserie"), "leaflet")
    old = report_of(cli, tmp_path, "old", one, "--as-of", AS_OF)
    _, document = compared(cli, old, two, "--as-of", AS_OF)
    [label] = document["dossiers"][0]["labels"]
    new = [f["message"] for f in label["findings"]["new"] if f["rule"] == "LDM-DOC-LEAFLET"]
    kept = [f["message"] for f in label["findings"]["unchanged"] if f["rule"] == "LDM-DOC-LEAFLET"]
    assert len(new) == 1 and "« carrosserie »" in new[0]
    assert len(kept) == 1 and "« maintenance des véhicules »" in kept[0]
    result = cli("evaluate", two, "--as-of", AS_OF, "--baseline", old, "--format", "json")
    [ldm] = json.loads(result.stdout)["dossiers"][0]["labels"]
    marked = {f["message"]: f["new"] for f in ldm["findings"] if f["rule"] == "LDM-DOC-LEAFLET"}
    assert sorted(marked.values()) == [False, True]
    assert all(is_new == ("carrosserie" in message) for message, is_new in marked.items())


@pytest.mark.parametrize("schools", [0, 1, 2], ids=["none", "one", "two"])
def test_the_json_comparison_written_piece_by_piece_is_json_s_own_layout(cli, tmp_path, schools):
    """Written a dossier at a time (the whole object was four times the reports' memory), the
    comparison is the text `json.dumps(…, indent=2)` makes of it, plus a newline: what the
    documented layout and earlier versions gave, byte for byte."""
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        for index, example in enumerate(sorted(p for p in EXAMPLES.iterdir() if p.is_dir())):
            if index < schools:
                shutil.copytree(example, tmp_path / side / example.name)
    reports = []
    for side, as_of in (("old", AS_OF), ("new", "2027-05-20")):
        if schools:
            result = cli("evaluate", tmp_path / side, "--format", "json", "--as-of", as_of)
            text = result.stdout
        else:  # a report of no dossier
            text = json.dumps(
                {"format": "labelcheck-report/1", "profile": "auto", "dossiers": [],
                 "summary": {"dossiers": 0, "invalid": 0, "labels": 0, "ready": 0,
                             "not_ready": 0}}
            )  # fmt: skip
        report = tmp_path / f"{side}.json"
        report.write_text(text, encoding="utf-8")
        reports.append(report)
    result = cli("compare", *reports, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert (
        result.stdout == json.dumps(json.loads(result.stdout), indent=2, ensure_ascii=False) + "\n"
    )
    assert len(json.loads(result.stdout)["dossiers"]) == schools


def test_two_labels_making_the_same_move_give_it_the_same_causes(cli, tmp_path):
    """A piece's content changed and five months passed: Euroscol and Eduform both go from
    valid to renewal due. Each verdict's causes are those of every finding that may have moved
    it, not those of whichever finding came first (Eduform was given `time` alone, from a
    surveillance step unrelated to its validity)."""
    school = tmp_path / "after" / "lycee"
    shutil.copytree(MULTILABEL, school)
    with (school / "pieces" / "projet-etablissement.pdf").open("ab") as piece:
        piece.write(b"\n% revised\n")
    old = report_of(cli, tmp_path, "old", MULTILABEL, "--as-of", AS_OF)
    new = report_of(cli, tmp_path, "new", school, "--as-of", "2026-10-01")
    _, document = compared(cli, old, new)
    causes = {
        label["label"]: label["verdict_causes"]
        for dossier in document["dossiers"]
        for label in dossier["labels"]
        if label["label"] in ("euroscol", "eduform")
    }
    assert causes["euroscol"] == causes["eduform"] == ["dossier", "time"], causes


def test_evaluation_options_given_to_two_reports_are_said_to_do_nothing(cli, tmp_path):
    # Both sides read as they were evaluated: --as-of, --profile, --label were ignored silently.
    report = report_of(cli, tmp_path, "lurcat", LURCAT, "--as-of", AS_OF)
    result = cli(
        "compare",
        report,
        report,
        "--as-of",
        "2027-01-01",
        "--profile",
        "national",
        "--label",
        "ldm",
    )
    assert result.exit_code == 0, result.output
    assert (
        "--as-of, --profile et --label sans effet\u202f: les deux côtés sont des rapports"
        in result.stderr
    )
    assert cli("compare", report, report).stderr == ""


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_hundreds_of_unchanged_schools_are_named_up_to_thirty_then_counted(cli, tmp_path, fmt):
    """Over hundreds of schools, the unchanged ones were one paragraph of 20 KB (the CI audit):
    thirty are named, then their number; the JSON and HTML comparisons name every one."""
    for index in range(33):
        shutil.copytree(LURCAT, tmp_path / "depot" / f"lp-{index:02}")
    report = report_of(cli, tmp_path, "r", tmp_path / "depot", "--as-of", AS_OF)
    out = cli("compare", report, report, "--format", fmt).stdout.replace("\u202f", " ")
    unchanged = out.rsplit("Inchangés :", 1)[1]
    assert unchanged.count("Jean Lurçat") == 30
    assert "et 3 autres (la liste entière : --format json ou html)" in unchanged


def test_a_finding_graver_than_in_the_baseline_is_new_and_lowered_is_not(cli, tmp_path):
    """« CI fails on what a change broke » (cli-and-report 1.1): a warning a profile makes
    blocking broke the verdict, as `compare` counts it among what got worse (it exited 1 where
    `--baseline` passed: the contract audit); the same rule lowered again breaks nothing."""
    raised = tmp_path / "raised.toml"
    raised.write_text(
        'name = "plus-strict"\nextends = "national"\n\n[[severity]]\n'
        'rule = "LDM-DEVIATION-OPEN"\nseverity = "blocking"\n'
        'reason = "Tout écart levé avant la décision."\n',
        "utf-8",
    )
    national = ("--as-of", AS_OF, "--profile", "national")
    warned = report_of(cli, tmp_path, "warned", MULTILABEL, *national)
    now = cli(
        "evaluate",
        MULTILABEL,
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--profile",
        raised,
        "--baseline",
        warned,
    )
    assert now.exit_code == 1, now.output
    findings = [
        f for label in json.loads(now.stdout)["dossiers"][0]["labels"] for f in label["findings"]
    ]
    assert {(f["rule"], f["severity"]) for f in findings if f["new"]} == {
        ("LDM-DEVIATION-OPEN", "blocking")
    }
    (tmp_path / "now.json").write_text(now.stdout, "utf-8")
    assert compared(cli, warned, tmp_path / "now.json")[0] == 1  # compare agrees: worse

    blocked = report_of(cli, tmp_path, "blocked", MULTILABEL, "--as-of", AS_OF, "--profile", raised)
    lowered = cli("evaluate", MULTILABEL, "--format", "json", *national, "--baseline", blocked)
    assert lowered.exit_code == 0, lowered.output
    labels = json.loads(lowered.stdout)["dossiers"][0]["labels"]
    assert not any(f["new"] for label in labels for f in label["findings"])


def test_a_finding_still_open_says_its_due_date_as_evaluate_does(cli, tmp_path):
    """The reading audit: `evaluate` said « Écart FE-2026-01 non clos … — échéance du
    30/09/2026 dépassée » at 15/10, and `compare` of 15/06 and 15/10 listed the same écart
    among what is left to do with no date at all. A date the message gives is not said twice
    (the expiry's)."""
    folder = lurcat_with_its_ecart_open(tmp_path / "lp-jean-lurcat")
    june = report_of(cli, tmp_path, "june", folder, "--as-of", "2026-06-15")
    october = report_of(cli, tmp_path, "october", folder, "--as-of", "2026-10-15")
    for fmt in ("text", "markdown", "html"):
        shown = html.unescape(cli("compare", june, october, "--format", fmt).stdout)
        shown = shown.replace("\u202f", " ")
        assert "Écart FE-2026-01 non clos (ldm:7)" in shown, fmt
        assert "— échéance du 30/09/2026 dépassée" in shown, fmt
        assert "suit son cours — label expiré" not in shown, fmt  # its date is in its message
        assert "aucun constat résolu" in shown and "0 constat" not in shown, fmt


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
@pytest.mark.parametrize("where", ["compare", "baseline"])
def test_a_report_saved_in_utf16_is_said_so_not_said_no_report(cli, tmp_path, encoding, where):
    """PowerShell 5's `>` writes UTF-16: « ce n'est pas un rapport de labelcheck », for one
    (the robustness audit). Said as a dossier in UTF-16 is, with what to do."""
    report = report_of(cli, tmp_path, "full.json", LURCAT)
    saved = tmp_path / "b.json"
    saved.write_bytes(report.read_text("utf-8").encode(encoding))
    if where == "compare":
        result = cli("compare", saved, report)
    else:
        result = cli("evaluate", LURCAT, "--baseline", saved, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    said = result.stderr.replace("\u202f", " ")
    assert f"{saved}:1 : le fichier est en UTF-16" in said, said
    assert "l'enregistrer en UTF-8" in said and "pas un rapport" not in said


def test_the_sides_name_the_third_party_plugins_that_differ(cli, tmp_path):
    """A plugin of another package at another version (or the same version with other data)
    on each side is named beside labelcheck's version: the cause « les règles ou le profil
    ont changé » left which one to the JSON's `tool` (the plugins audit). labelcheck's own
    plugins go with its version; a plugin on one side only is said missing on the other."""
    report = report_of(cli, tmp_path, "lurcat", LURCAT, "--as-of", AS_OF)
    document = json.loads(report.read_text("utf-8"))
    plugin = {"name": "qualeduc", "package": "labelcheck-qualeduc", "digest": "sha256:" + "a" * 64}
    sides = {}
    for name, plugins in {
        "old": [{**plugin, "version": "0.1.0"}, {**plugin, "name": "gone", "version": "1.0"}],
        "new": [{**plugin, "version": "0.2.0"}],
        "same": [{**plugin, "version": "0.2.0", "digest": "sha256:" + "b" * 64}],
    }.items():
        edited = {**document, "tool": {**document["tool"]}}
        edited["tool"]["plugins"] = document["tool"]["plugins"] + plugins
        sides[name] = tmp_path / f"{name}.json"
        sides[name].write_text(json.dumps(edited), "utf-8")
    text = cli("compare", sides["old"], sides["new"]).stdout
    version = document["tool"]["version"]
    assert f"(labelcheck {version}\u202f; plugin gone 1.0, plugin qualeduc 0.1.0)" in text
    assert f"(labelcheck {version}\u202f; sans le plugin gone, plugin qualeduc 0.2.0)" in text
    text = cli("compare", sides["new"], sides["same"]).stdout
    assert "plugin qualeduc 0.2.0, empreinte aaaaaaaa" in text
    assert "plugin qualeduc 0.2.0, empreinte bbbbbbbb" in text
    text = cli("compare", report, report).stdout
    assert f"(labelcheck {version})" in text and "plugin" not in text


def test_a_plugin_named_in_a_report_reaches_the_terminal_with_its_controls_shown(cli, tmp_path):
    """A report is an input: a plugin's name or version with an escape sequence or a line
    break, named by the sides' lines, is shown, never sent to the terminal (the review)."""
    report = report_of(cli, tmp_path, "lurcat", LURCAT, "--as-of", AS_OF)
    document = json.loads(report.read_text("utf-8"))
    edited = {**document, "tool": {**document["tool"]}}
    evil = {"name": "x\x1b[31mR\nligne", "package": "acme", "version": "0.1\x1b[0m"}
    edited["tool"]["plugins"] = document["tool"]["plugins"] + [evil]
    (tmp_path / "evil.json").write_text(json.dumps(edited), "utf-8")
    text = cli("compare", report, tmp_path / "evil.json").stdout
    assert "\x1b" not in text and "plugin x␛[31mR␊ligne 0.1␛[0m" in text, text


def test_a_toml_dossier_without_its_format_line_under_another_name_says_format_is_missing(
    cli, tmp_path
):
    """Named dossier-2025.txt, its `format = 1` forgotten: it was refused as « un fichier
    texte », not told what it lacks (the review)."""
    folder = tmp_path / "lp-jean-lurcat"
    shutil.copytree(LURCAT, folder)
    renamed = folder / "dossier-2025.txt"
    text = (folder / "dossier.toml").read_text(encoding="utf-8")
    renamed.write_text(re.sub(r"(?m)^format = 1\n", "", text), encoding="utf-8")
    result = cli("compare", renamed, folder / "dossier.toml", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "dossier-2025.txt:1: format: clé obligatoire «\u202fformat\u202f» absente" in (
        result.stderr
    )
    assert "un fichier texte" not in result.stderr
