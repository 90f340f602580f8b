"""Academies and their profiles (cli-and-report 1.1, « Honest verdicts »).

An academy's rule belongs to the profile of the academy that decided it: it warns under
`national` and under any other academy's profile, and blocks only where a profile raises it
with its `[[severity]]`. A dossier whose academy no profile serves is judged under
`national`, legitimately; when that academy is a likely misspelling of one a profile serves
(« orleans-tour », « Orléans-Tours »), the human reports say so beside the profile.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labelcheck.core.errors import InputError, LabelcheckError
from labelcheck.core.loading import load
from labelcheck.core.profiles import Profile, Profiles, SeverityChange, likely_meant
from labelcheck.core.registry import Registry, plugin_manager
from labelcheck.core.ruleset import RuleSpec
from labelcheck.plugin import hookimpl
from support import report

DOSSIERS = Path(__file__).parent / "fixtures" / "dossiers"
SERVED = DOSSIERS / "academy-orleans-tours.toml"
CVL = "centre-val-de-loire-2026"

# -- an academy's rule blocks under its own profile only ------------------------------------


def blocking(rule_id: str, nature: str) -> RuleSpec:
    """A rule that blocks as written, of that nature."""
    return RuleSpec.model_validate(
        {
            "id": rule_id,
            "label": rule_id.split("-")[0].lower(),
            "title": "Une règle",
            "severity": "blocking",
            "kind": "expression",
            "scope": "application",
            "message": "Un constat",
            "source": {"document": "Un texte", "section": "art. 1", "nature": nature},
        }
    )


@pytest.mark.parametrize("name", ["national", CVL, "any-academy"])
def test_an_academy_rule_warns_under_a_profile_that_does_not_raise_it(name):
    assert Profile(name=name).rule_severity(blocking("E3D-NC-OPEN", "academy")) == "warning"


def test_an_academy_rule_blocks_under_the_profile_that_raises_it():
    raised = SeverityChange(rule="E3D-NC-OPEN", severity="blocking", reason="Campagne de Nice")
    nice = Profile(name="nice", severity=[raised])
    assert nice.rule_severity(blocking("E3D-NC-OPEN", "academy")) == "blocking"


@pytest.mark.parametrize("name", ["national", CVL])
def test_only_the_texts_block_unless_a_profile_says_otherwise(name):
    profile = Profile(name=name)
    assert profile.rule_severity(blocking("LDM-DOC-REQUIRED", "text")) == "blocking"
    assert profile.rule_severity(blocking("LDM-PV-CA-DATE", "operational")) == "warning"


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


@pytest.mark.parametrize(
    ("academy", "meant"),
    [("orleans-tour", "orleans-tours"), ("Orléans-Tours", "orleans-tours"), ("lyonn", "lyon")],
)
def test_a_misspelt_academy_is_an_input_error_with_the_academy_it_likely_means(
    tmp_path, registry, academy, meant
):
    """Dossier format: « a typo must never pass silently ». It was judged under `national`,
    the academy's checks left out, with a hint in the human reports alone: not in JSON, not
    in the exit status a CI reads."""
    loaded = load(misspelt(tmp_path, academy), registry, Profiles(registry))
    [error] = loaded.errors
    assert error.path == "establishment.academy" and error.suggestion == meant
    assert "inconnue" in error.message


@pytest.mark.parametrize("academy", ["versailles", "la-reunion", "orleans-tours"])
def test_any_of_the_thirty_academies_is_valid_served_by_a_profile_or_not(
    tmp_path, registry, academy
):
    loaded = load(misspelt(tmp_path, academy), registry, Profiles(registry))
    assert not loaded.errors and loaded.choice is not None
    assert loaded.choice.reason == ("academy" if academy == "orleans-tours" else "default")


def test_an_academy_a_profile_given_serves_is_valid_too(tmp_path, registry):
    served = tmp_path / "polynesie.toml"
    served.write_text(
        'name = "polynesie-2026"\nextends = "national"\nacademies = ["polynesie"]\n', "utf-8"
    )
    (tmp_path / "d").mkdir()
    loaded = load(misspelt(tmp_path / "d", "polynesie"), registry, Profiles(registry, str(served)))
    assert not loaded.errors


def test_the_json_report_of_a_misspelt_academy_names_the_error(tmp_path, cli):
    result = cli("evaluate", misspelt(tmp_path, "Orléans-Tours"), "--format", "json")
    assert result.exit_code == 2
    [dossier] = report(result)["dossiers"]
    assert [e["path"] for e in dossier["errors"]] == ["establishment.academy"]


# -- an academy's rule applies under its academies' profiles ----------------------------------


def test_an_academy_rule_naming_its_academies_applies_under_their_profiles_only():
    """Dijon's « fichier d'auto-positionnement », Lyon's and Dijon's one level at a time: they
    warned an Orléans-Tours school under Centre-Val de Loire's profile as « choix académique »
    (the fidelity audit)."""
    dijon, cvl = (
        Profile(name="dijon", academies=["dijon"]),
        Profile(name=CVL, academies=["orleans-tours"]),
    )
    assert dijon.applies("academy", ("lyon", "dijon"), "E3D-LEVEL-JUMP")
    assert not cvl.applies("academy", ("lyon", "dijon"), "E3D-LEVEL-JUMP")
    assert not Profile(name="national").applies("academy", ("dijon",), "E3D-LEVEL-JUMP")
    # A rule naming no academy: every academy's profile; the texts' and ours: every profile.
    assert cvl.applies("academy") and cvl.applies("text", ("dijon",)) and cvl.applies("operational")
    # Adopted by another academy's profile: named in its [[severity]].
    adopting = Profile(
        name=CVL,
        academies=["orleans-tours"],
        severity=[SeverityChange(rule="E3D-LEVEL-JUMP", severity="warning", reason="Adoptée")],
    )
    assert adopting.applies("academy", ("lyon", "dijon"), "E3D-LEVEL-JUMP")


def test_the_e3d_level_jump_of_lyon_and_dijon_is_not_asked_in_orleans_tours(engine):
    plans = engine()._plans
    assert "E3D-LEVEL-JUMP" not in {plan.id for plan in plans["e3d", CVL]}


def test_a_rule_naming_an_unknown_academy_is_refused():
    from labelcheck.core.ruleset import Source
    from pydantic import ValidationError

    with pytest.raises(
        ValidationError, match="académie «\u202forleans-tour\u202f» inconnue .*orleans-tours"
    ):
        Source(document="d", section="s", nature="academy", academies=("orleans-tour",))


# -- one academy, two spellings --------------------------------------------------------------


class _ProfilePlugin:
    def __init__(self, file: Path):
        self.file = file

    @hookimpl
    def labelcheck_profiles(self):
        return [self.file]


def shipping(tmp_path: Path, profile: str, plugin: str = "academie-test") -> Registry:
    """The installed plugins and one more, `plugin`, shipping the profile file `profile`."""
    file = tmp_path / "profile.toml"
    file.write_text(profile, encoding="utf-8")
    pm = plugin_manager()
    pm.register(_ProfilePlugin(file), name=plugin)
    return Registry.from_plugins(pm)


BOTH_WAYS = [
    ("clermont", "clermont-ferrand"),
    ("clermont-ferrand", "clermont"),
    ("reunion", "la-reunion"),
    ("la-reunion", "reunion"),
]


@pytest.mark.parametrize(("served", "written"), BOTH_WAYS)
def test_a_profile_serves_its_academy_however_the_dossier_spells_it(tmp_path, served, written):
    """`clermont` and `clermont-ferrand` are both accepted as the académie de Clermont-Ferrand:
    a profile serving one left the dossiers written the other way under `national` (the
    profile author's audit)."""
    registry = shipping(tmp_path, f'name = "academie-2027"\nacademies = ["{served}"]\n')
    choice = Profiles(registry).for_academy(written)
    assert (choice.profile.name, choice.reason) == ("academie-2027", "academy")


@pytest.mark.parametrize(("served", "named"), BOTH_WAYS)
def test_a_rule_naming_its_academy_applies_under_its_profile_however_either_spells_it(
    served, named
):
    assert Profile(name="academie", academies=[served]).applies("academy", (named,), "X-RULE")


def test_a_profile_naming_both_spellings_of_its_academy_is_one_profile(tmp_path):
    """`academies = ["clermont", "clermont-ferrand"]` (two parts of one profile may write each)
    stopped every run: « les profils « p » et « p » servent tous deux l'académie » (the review
    of the merged change)."""
    registry = shipping(
        tmp_path, 'name = "academie-2027"\nacademies = ["clermont", "clermont-ferrand"]\n'
    )
    choice = Profiles(registry).for_academy("clermont-ferrand")
    assert (choice.profile.name, choice.reason) == ("academie-2027", "academy")


def test_the_values_of_the_text_a_profile_rests_on_include_what_it_extends(tmp_path):
    """A shipped profile extending Centre-Val de Loire's, resting on a text of its own: its
    values are its own and the ones it inherits (3 auditors at least), not the label's alone
    (2), which made a rule citing its text say the profile departed from it (the review)."""
    registry = shipping(
        tmp_path,
        'name = "region-2027"\nextends = "centre-val-de-loire-2026"\n'
        'source = "Cahier des charges régional 2027"\nacademies = ["lyon"]\n',
    )
    cited = Profiles(registry, "national").cited_values(
        registry, "ldm", "Cahier des charges régional 2027, 1re partie"
    )
    assert cited is not None and cited["audit_team_min"] == 3
    assert (
        Profiles(registry).cited_values(registry, "ldm", "Cahier des charges régional 20271")
        is None
    )


@pytest.mark.parametrize("former", ["caen", "rouen"])
def test_a_former_academy_is_refused_and_normandie_offered(tmp_path, former):
    """Caen and Rouen formed the académie de Normandie in 2020: a profile serving `caen` was
    taken for a territory of its own and served no school, the Normandie dossiers judged under
    `national` without a word (the new user's check); a dossier writing it is told too."""
    file = tmp_path / "profile.toml"
    file.write_text(f'name = "n"\nacademies = ["{former}"]\n', encoding="utf-8")
    with pytest.raises(LabelcheckError) as refused:
        Profiles(Registry.from_plugins(), str(file))
    [error] = refused.value.errors
    assert isinstance(error, InputError) and error.suggestion == "normandie"
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(
        f'format = 1\n[establishment]\nuai = "0451442Y"\nname = "L"\nkind = "lp"\n'
        f'sector = "public"\nacademy = "{former}"\n',
        encoding="utf-8",
    )
    registry = Registry.from_plugins()
    loaded = load(dossier, registry, Profiles(registry))
    assert [e.suggestion for e in loaded.errors] == ["normandie"]


def test_a_shipped_profile_raising_a_rule_it_never_applies_disables_its_plugin(tmp_path):
    """A plugin's profile with a [[severity]] raising the audit calendar, whose delays it leaves
    unset: said to block, the rule never applied, as in a profile file before 0.4.0's check;
    the check covered files given with --profile only (the review of the merged change)."""
    from labelcheck.core.engine import settle

    registry = shipping(
        tmp_path,
        'name = "academie-2027"\nacademies = ["lyon"]\n[[severity]]\n'
        'rule = "LDM-AUDIT-CALENDAR"\nseverity = "blocking"\nreason = "Calendrier strict"\n',
    )
    settle(registry)
    [broken] = registry.broken
    assert broken.name == "academie-test"
    [error] = broken.errors
    assert error.path == "severity[0].rule" and error.line == 4
    assert "plan_returned_days_before" in error.message
