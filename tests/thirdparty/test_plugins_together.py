"""Several third-party plugins installed at once: what one declares never changes what another
means, and which one wins a clash does not depend on the machine.

Each test writes small plugins (a package and a dist-info with its entry point, as pip would)
into a folder put on the path of a real labelcheck process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

HOOKS = """
from importlib.resources import files
from labelcheck.plugin import hookimpl, load_label

DATA = files(__name__)

@hookimpl
def labelcheck_labels():
    return [load_label(DATA / "referentiel.toml")]

@hookimpl
def labelcheck_rule_files():
    return [DATA / "rules.toml"]
"""


def referentiel(label: str, name: str, keys: str = "") -> str:
    """A label of one criterion and one piece, adding the dossier keys `keys` (TOML tables)."""
    return f"""[label]
id = "{label}"
name = "{name}"
version = "1"
validity_years = 4

[dossier_keys]
application_types = ["initial"]

{keys}

[[criteria]]
number = 1
title = "Un critère"

[[document_types]]
id = "{label}-diagnostic"
title = "{name} : diagnostic"
"""


def rules(label: str) -> str:
    return f"""label = "{label}"

[[rules]]
id = "{label.upper()}-DOC"
title = "Le diagnostic est joint"
severity = "blocking"
kind = "required-document"
scope = "application"
message = "Pièce absente : {{type_name}}"
source = {{ document = "Test", section = "1" }}
[rules.check]
types = ["{label}-diagnostic"]
"""


def install(
    site: Path,
    entry_point: str,
    package: str,
    files: dict[str, str],
    distribution: str | None = None,
) -> None:
    """A plugin of module `package`, its entry point `entry_point`, in the distribution
    `distribution` (named after the module by default), with `files` beside its hooks."""
    folder = site / package
    folder.mkdir()
    for name, text in {"__init__.py": HOOKS, **files}.items():
        (folder / name).write_text(text, encoding="utf-8")
    distribution = distribution or package.replace("_", "-")
    info = site / f"{distribution.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[labelcheck]\n{entry_point} = {package}\n")


def label_plugin(site: Path, entry_point: str, label: str, name: str, keys: str = "") -> None:
    install(
        site,
        entry_point,
        f"labelcheck_{entry_point}",
        {"referentiel.toml": referentiel(label, name, keys), "rules.toml": rules(label)},
    )


def labelcheck(site: Path | str, *args: object) -> subprocess.CompletedProcess:
    """A labelcheck process with `site` (a folder, or several joined by os.pathsep) on its path."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(site), os.environ.get("PYTHONPATH")))),
    }
    return subprocess.run(
        [sys.executable, "-m", "labelcheck.core.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


ESTABLISHMENT = {
    "uai": "0350001L",
    "name": "Lycée de test",
    "kind": "lp",
    "sector": "public",
}


def test_a_key_two_labels_add_in_two_shapes_is_typed_for_each_label_s_entries(tmp_path):
    """One label's `referent` is a text, another's a boolean: `labelcheck schema` gave the last
    label's shape to every application, refusing a dossier labelcheck takes (the third-party
    plugins audit)."""
    text = '[dossier_keys.new_keys.applications]\nreferent = { type = "text", description = "Le référent" }'
    boolean = text.replace('"text"', '"boolean"')
    label_plugin(tmp_path, "quala", "quala", "Qualité A", text)
    label_plugin(tmp_path, "qualb", "qualb", "Qualité B", boolean)
    dossier = {
        "format": 1,
        "establishment": ESTABLISHMENT,
        "applications": [
            {"label": "quala", "type": "initial", "referent": "Mme Réf"},
            {"label": "qualb", "type": "initial", "referent": True},
        ],
    }
    (tmp_path / "dossier").mkdir()
    (tmp_path / "dossier" / "dossier.json").write_text(json.dumps(dossier), encoding="utf-8")
    evaluated = labelcheck(tmp_path, "evaluate", tmp_path / "dossier", "--format", "json")
    assert "désactivé" not in evaluated.stderr, evaluated.stderr
    assert json.loads(evaluated.stdout)["dossiers"][0]["errors"] == [], evaluated.stdout
    schema = json.loads(labelcheck(tmp_path, "schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(dossier)] == []
    for index, wrong in ((0, True), (1, "Mme Réf")):
        swapped = json.loads(json.dumps(dossier))
        swapped["applications"][index]["referent"] = wrong
        assert list(validator.iter_errors(swapped)), swapped["applications"][index]


def _dossier(folder: Path, applications: str, pieces: str = "") -> Path:
    folder.mkdir()
    (folder / "dossier.toml").write_text(
        'format = 1\n\n[establishment]\nuai = "0350001L"\nname = "Lycée de test"\n'
        f'kind = "lp"\nsector = "public"\n\n{applications}\n{pieces}',
        encoding="utf-8",
    )
    return folder


def test_a_plugin_disabled_for_another_s_label_id_is_said_to_be_judged_as_the_other_defines_it(
    tmp_path,
):
    """Two plugins declare the label `qualite`: the second is disabled, and the report said its
    labels were not evaluated, then judged the label, as the first plugin defines it (the
    third-party plugins audit)."""
    label_plugin(tmp_path, "bretagne", "qualite", "Qualité Bretagne")
    install(
        tmp_path,
        "rennes",
        "labelcheck_rennes",
        {
            "referentiel.toml": referentiel("qualite", "Qualité Rennes").replace(
                "qualite-diagnostic", "rennes-diagnostic"
            ),
            "rules.toml": rules("qualite").replace("qualite-diagnostic", "rennes-diagnostic"),
        },
    )
    dossier = _dossier(
        tmp_path / "dossier", '[[applications]]\nlabel = "qualite"\ntype = "initial"'
    )
    said = (
        "plugin «\u202frennes\u202f» désactivé pour ses erreurs\u202f: son label «\u202fqualite\u202f» "
        "est évalué tel que le définit le plugin «\u202fbretagne\u202f» (labelcheck-bretagne 0.1)"
    )
    for fmt in ("text", "markdown", "html"):
        shown = labelcheck(tmp_path, "evaluate", dossier, "--format", fmt)
        assert shown.returncode == 2, shown.stderr
        assert said in shown.stdout.replace("&#x27;", "'").replace("&#39;", "'"), fmt
        assert "ne sont pas évalués" not in shown.stdout, fmt
        assert "Qualité Bretagne" in shown.stdout, fmt
    assert (
        "plugin rennes désactivé (son label «\u202fqualite\u202f» est évalué tel que le définit "
        "le plugin «\u202fbretagne\u202f» (labelcheck-bretagne 0.1)), 1 erreur"
    ) in shown.stderr


def test_of_two_packages_giving_one_entry_point_the_first_by_name_is_loaded(tmp_path):
    """Which of two packages giving the entry point `qualite` was loaded depended on the order
    the file system lists their folders in: the same packages gave two machines two reports
    (the third-party plugins audit). The first by package name is, wherever it lies."""
    (tmp_path / "a").mkdir()
    (tmp_path / "z").mkdir()
    for site, name in ((tmp_path / "a", "Qualité A"), (tmp_path / "z", "Qualité Z")):
        files = {"referentiel.toml": referentiel("qualite", name), "rules.toml": rules("qualite")}
        install(site, "qualite", f"labelcheck_qualite_{site.name}", files)
    # The later package first on the path: listed first, as a file system may list it.
    path = os.pathsep.join((str(tmp_path / "z"), str(tmp_path / "a")))
    listed = labelcheck(path, "labels")
    assert listed.returncode == 2, listed.stderr
    [row] = [row for row in listed.stdout.splitlines() if row.startswith("qualite")]
    assert "Qualité A" in row and "labelcheck-qualite-a 0.1" in row
    said = listed.stdout.replace("\u202f", " ")
    assert "Désactivé : plugin qualite (labelcheck-qualite-z)" in said, said
    assert (
        "le plugin « qualite » est fourni par deux paquets, labelcheck-qualite-a et "
        "labelcheck-qualite-z : seul le premier, par ordre alphabétique des noms de paquets, "
        "est chargé"
    ) in said, said


PROFILE_HOOK = """
@hookimpl
def labelcheck_profiles():
    return [DATA / "profile.toml"]
"""

ACADEMY_PROFILE = """name = "normandie-2027"
extends = "national"
academies = ["normandie"]

[[criteria]]
label = "ldm"
number = 9
title = "La transition écologique des métiers"
source = "Cahier des charges académique de test, critère 9"
"""

LABEL_PART = """name = "normandie-2027"

[[severity]]
rule = "AAQUALITE-DOC"
severity = "warning"
reason = "Choix de l'académie"
"""


def test_which_part_of_a_profile_serves_its_academies_does_not_depend_on_plugin_names(tmp_path):
    """The academy's plugin ships `normandie-2027` (its academy, LDM's ninth criterion); a label
    plugin ships its part of it, as the guide's § 7 says to. The label plugin's name sorting
    first made its part the profile's base: the academy's plugin was disabled, for its own
    academy and criterion (the third-party plugins audit)."""
    label_plugin(tmp_path, "aaqualite", "aaqualite", "Qualité")
    (tmp_path / "labelcheck_aaqualite" / "__init__.py").write_text(HOOKS + PROFILE_HOOK)
    (tmp_path / "labelcheck_aaqualite" / "profile.toml").write_text(LABEL_PART, encoding="utf-8")
    install(tmp_path, "normandie", "labelcheck_normandie", {"profile.toml": ACADEMY_PROFILE})
    (tmp_path / "labelcheck_normandie" / "__init__.py").write_text(
        HOOKS.split("@hookimpl")[0] + PROFILE_HOOK
    )
    listed = labelcheck(tmp_path, "plugins")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    explained = labelcheck(tmp_path, "explain", "AAQUALITE-DOC", "--profile", "normandie-2027")
    assert "Choix de l'académie" in explained.stdout, explained.stdout


def test_a_package_giving_a_built_in_plugin_s_name_never_replaces_it(tmp_path):
    """A package named before labelcheck (« acme-ldm ») giving the entry point `ldm` was
    loaded first once entry points were sorted by package name, and the built-in Lycée des
    métiers disabled (the review): labelcheck's own wins, as it wins every clash."""
    files = {"referentiel.toml": referentiel("ldm", "Faux LDM"), "rules.toml": rules("ldm")}
    install(tmp_path, "ldm", "acme_ldm", files)
    listed = labelcheck(tmp_path, "labels")
    assert listed.returncode == 2, listed.stderr
    [row] = [row for row in listed.stdout.splitlines() if row.startswith("ldm")]
    assert "Faux LDM" not in row and "livré avec labelcheck" in row, row
    said = listed.stdout.replace("\u202f", " ")
    # Its package and version, as any disabled plugin's: they read « (ldm (acme-ldm)) ».
    assert "Désactivé : plugin ldm (acme-ldm) (acme-ldm 0.1)" in said, said
    assert "fourni par deux paquets, labelcheck et acme-ldm : seul celui de labelcheck" in said
