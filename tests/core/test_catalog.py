"""A plugin's référentiel: each mistake of its `[parameters]` told at its own key and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from labelcheck.core.catalog import PluginDataError, load_label
from labelcheck.core.errors import InputError

REFERENTIEL = """\
[label]
id = "egalite"
name = "Label de test"
version = "1"
validity_years = 3

[[criteria]]
number = 1
title = "Un critère"

[parameters]
audit_team_min = { type = "integer", min = 1, max = 10, default = 2, at_most = "audit_team_max" }
audit_team_max = { type = "integer", min = 1, max = 10, default = 4 }
lead_required = { type = "boolean", default = false }
title_max_length = 100
"""


def errors_of(tmp_path: Path, right: str, wrong: str) -> list[InputError]:
    assert right in REFERENTIEL
    file = tmp_path / "referentiel.toml"
    file.write_text(REFERENTIEL.replace(right, wrong), encoding="utf-8")
    with pytest.raises(PluginDataError) as raised:
        load_label(file)
    return raised.value.errors


def test_the_referentiel_as_written_loads(tmp_path):
    file = tmp_path / "referentiel.toml"
    file.write_text(REFERENTIEL, encoding="utf-8")
    assert load_label(file).parameters["audit_team_min"] == 2


def test_a_misspelt_bound_is_told_at_its_key_with_the_parameter_meant(tmp_path):
    """`at_most = "audit_team_maxi"` was said at line 1, key `label`, without a suggestion
    (the plugin audit of 7 December)."""
    [error] = errors_of(tmp_path, '"audit_team_max" }', '"audit_team_maxi" }')
    assert (error.line, error.path) == (12, "parameters.audit_team_min.at_most")
    assert "«\u202faudit_team_maxi\u202f» n'est pas déclaré dans [parameters]" in error.message
    assert error.suggestion == "audit_team_max"


def test_a_bound_naming_a_parameter_of_another_type_says_its_type(tmp_path):
    [error] = errors_of(tmp_path, '"audit_team_max" }', '"lead_required" }')
    assert (error.line, error.path) == (12, "parameters.audit_team_min.at_most")
    assert "«\u202flead_required\u202f» est de type boolean" in error.message
    assert "audit_team_min," not in error.message  # no parameter is its own bound


@pytest.mark.parametrize(
    ("right", "wrong", "line", "key", "said"),
    [
        ("default = 2,", "default = 400,", 12, "audit_team_min.default", "400 est hors des bornes"),
        ("default = 2,", "default = 5,", 12, "audit_team_min.default", "ne peut pas dépasser"),
        ("default = false", 'default = "false"', 14, "lead_required.default", "vrai ou faux"),
        ("title_max_length = 100", "title_max_length = 20000", 15, "title_max_length", "20000"),
        (
            "title_max_length = 100",
            'deadline = { type = "month-day", default = "09-31" }',
            15,
            "deadline.default",
            "le 31 septembre n'existe pas",
        ),
    ],
)
def test_a_national_value_a_profile_could_not_give_is_told_at_its_line(
    tmp_path, right, wrong, line, key, said
):
    """Each was « referentiel.toml:1: label: label egalite, paramètre … »: a line and a key
    the author could not go to."""
    [error] = errors_of(tmp_path, right, wrong)
    assert (error.line, error.path) == (line, f"parameters.{key}")
    assert said in error.message


@pytest.mark.parametrize(("written", "meant"), [("defaut = 2", "default"), ("titel = 2", "title")])
def test_a_misspelt_key_of_a_parameter_lists_the_keys_and_the_one_meant(tmp_path, written, meant):
    """A criterion's `titel` was told the keys and « title »; a parameter's, bare
    « clé inconnue « titel » »: its keys sit under its name, a key of `[parameters]`."""
    [error] = errors_of(tmp_path, "default = 2", written)
    key = written.partition(" ")[0]
    assert (error.line, error.path) == (12, f"parameters.audit_team_min.{key}")
    assert "clés possibles\u202f: at_most, default" in error.message
    assert error.suggestion == meant


def test_a_misspelt_key_of_a_key_the_label_adds_lists_the_keys(tmp_path):
    """`[dossier_keys.new_keys.<entry>]`: two tables' keys before the declared key's."""
    added = (
        '[dossier_keys.new_keys.applications]\nreferent = { type = "text", descripton = "x" }\n\n'
    )
    [error] = errors_of(tmp_path, "[[criteria]]", added + "[[criteria]]")
    assert error.path == "dossier_keys.new_keys.applications.referent.descripton"
    assert "clés possibles" in error.message and error.suggestion == "description"


@pytest.mark.parametrize(
    ("unit", "received"),
    [('["jours"]', "reçu 1 forme"), ('"jours"', "reçu «\u202fjours\u202f»"), ("[]", "vide")],
)
def test_a_unit_not_in_its_two_forms_says_both_are_expected(tmp_path, unit, received):
    """`unit = ["jours"]` was « unit[1] : clé obligatoire « 1 » absente » (the plugin audit)."""
    [error] = errors_of(tmp_path, "default = 2,", f"default = 2, unit = {unit},")
    assert (error.line, error.path) == (12, "parameters.audit_team_min.unit")
    assert (
        'au singulier puis au pluriel, « 1 jour », « 20 jours » : `unit = ["jour", "jours"]`'
        in (error.message.replace("\u202f", " "))
    )
    assert received in error.message
