"""Academies and their profiles (cli-and-report 1.1, « Honest verdicts »).

An academy's rule belongs to the profile of the academy that decided it: it warns under
`national` and under any other academy's profile, and blocks only where a profile raises it
with its `[[severity]]`. A dossier whose academy no profile serves is judged under
`national`, legitimately; when that academy is a likely misspelling of one a profile serves
(« orleans-tour », « Orléans-Tours »), the human reports say so beside the profile.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from labelcheck.core.loading import load
from labelcheck.core.profiles import Profile, Profiles, SeverityChange, likely_meant
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import writer_classes
from support import report

DOSSIERS = Path(__file__).parent / "fixtures" / "dossiers"
SERVED = DOSSIERS / "academy-orleans-tours.toml"
CVL = "centre-val-de-loire-2026"

# -- an academy's rule blocks under its own profile only ------------------------------------


@pytest.mark.parametrize("name", ["national", CVL, "any-academy"])
def test_an_academy_rule_warns_under_a_profile_that_does_not_raise_it(name):
    assert Profile(name=name).severity_of("E3D-NC-OPEN", "blocking", "academy") == "warning"


def test_an_academy_rule_blocks_under_the_profile_that_raises_it():
    raised = SeverityChange(rule="E3D-NC-OPEN", severity="blocking", reason="Campagne de Nice")
    nice = Profile(name="nice", severity=[raised])
    assert nice.severity_of("E3D-NC-OPEN", "blocking", "academy") == "blocking"


@pytest.mark.parametrize("name", ["national", CVL])
def test_only_the_texts_block_unless_a_profile_says_otherwise(name):
    profile = Profile(name=name)
    assert profile.severity_of("LDM-DOC-REQUIRED", "blocking", "text") == "blocking"
    assert profile.severity_of("LDM-PV-CA-DATE", "blocking", "operational") == "warning"


def test_the_centre_val_de_loire_profile_raises_its_own_deadline_only(engine):
    severities = engine()._severities
    assert severities[CVL]["LDM-NC-DEADLINE"] == "blocking"
    assert severities["national"]["LDM-NC-DEADLINE"] == "warning"
    for other in ("E3D-NC-OPEN", "E3D-DOC-AUTO-POSITIONNEMENT", "EUROSCOL-NC-OPEN"):
        assert severities[CVL][other] == severities["national"][other] == "warning"


# -- a misspelt academy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("academy", "meant"),
    [
        ("orleans-tour", "orleans-tours"),
        ("Orléans-Tours", "orleans-tours"),
        ("ORLEANS-TOURS", "orleans-tours"),
        ("versailles", None),  # no profile serves it: national, and nothing to suggest
        ("nice", None),
    ],
)
def test_an_unserved_academy_close_to_a_served_one_is_named(academy, meant):
    assert likely_meant(academy, ["orleans-tours"]) == meant


def misspelt(tmp_path: Path, academy: str) -> Path:
    text = SERVED.read_text("utf-8").replace('academy = "orleans-tours"', f'academy = "{academy}"')
    path = tmp_path / "dossier.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_misspelt_academy_is_judged_under_national_and_the_choice_says_what_it_meant(
    tmp_path, registry
):
    profiles = Profiles(registry)
    choice = load(misspelt(tmp_path, "orleans-tour"), registry, profiles).choice
    assert choice is not None
    assert (choice.profile.name, choice.reason, choice.meant) == (
        "national",
        "default",
        "orleans-tours",
    )
    served = load(SERVED, registry, profiles).choice
    assert served is not None and (served.reason, served.meant) == ("academy", None)


def test_the_json_profile_reason_is_unchanged_for_a_misspelt_academy(tmp_path, cli):
    result = cli("evaluate", misspelt(tmp_path, "Orléans-Tours"), "--format", "json")
    [dossier] = report(result)["dossiers"]
    assert (dossier["profile"], dossier["profile_reason"]) == ("national", "default")


HINT = (
    "national (par défaut\u202f: aucun profil ne sert l'académie «\u202forleans-tour\u202f»\u202f;"
    " vouliez-vous dire «\u202forleans-tours\u202f»\u202f?)"
)


def render(fmt: str, result: DossierResult) -> str:
    """What the writer of `fmt` writes for one dossier, as the CLI runs it."""
    writer_class = writer_classes()[fmt]
    out = io.BytesIO() if writer_class.binary or writer_class.utf8 else io.StringIO()
    writer = writer_class(out, "auto")
    summary = Summary()
    summary.add(result)
    writer.dossier(result)
    writer.close(summary)
    written = out.getvalue()
    return written.decode() if isinstance(written, bytes) else written


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_human_reports_name_the_academy_a_misspelt_one_likely_means(tmp_path, evaluate, fmt):
    result = evaluate(misspelt(tmp_path, "orleans-tour"))
    assert (result.profile, result.profile_reason) == ("national", "default")
    assert result.academy_meant == "orleans-tours"  # carried by the engine to the writers
    shown = HINT.replace("'", "&#x27;") if fmt == "html" else HINT
    assert shown in render(fmt, result)
    (tmp_path / "servie").mkdir()
    served = evaluate(misspelt(tmp_path / "servie", "orleans-tours"))
    assert "vouliez-vous dire" not in render(fmt, served)
