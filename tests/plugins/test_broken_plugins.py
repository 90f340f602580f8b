"""A plugin whose data files are wrong is disabled alone: exit 2, the file and line of each
error on stderr, and the other labels still evaluated (issue 11, item 4).

Each test installs a small throwaway plugin (its package and a dist-info with its entry
point, as pip would) in a folder put on the path of a real labelcheck process, breaks one
of its files on purpose, and evaluates an LDM dossier with `--label ldm`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LDM_READY = Path(__file__).parents[1] / "cli" / "fixtures" / "campaign" / "lp-ready"
PACKAGE = "labelcheck_breakme"

INIT = """
from importlib.resources import files
from labelcheck.plugin import hookimpl, load_document_types, load_equivalences, load_label

DATA = files(__name__)

@hookimpl
def labelcheck_labels():
    return [load_label(DATA / "referentiel.toml")]

@hookimpl
def labelcheck_document_types():
    return load_document_types(DATA / "document-types.toml")

@hookimpl
def labelcheck_equivalences():
    return load_equivalences(DATA / "equivalences.toml")

@hookimpl
def labelcheck_rule_files():
    return [DATA / "rules.toml"]

@hookimpl
def labelcheck_requirements():
    return [DATA / "requirements.toml"]

@hookimpl
def labelcheck_profiles():
    return [DATA / "profile.toml"]
"""

# Each file of the plugin, right. Tests replace one line of one of them.
FILES = {
    "referentiel.toml": """[label]
id = "breakme"
name = "Label de test"
version = "1"

[[criteria]]
number = 1
title = "Un critère"

[[document_types]]
id = "breakme-piece"
title = "Une pièce"

# Last, so that the lines the tests name above stay where they are.
[parameters]
validity_years = 3
""",
    "document-types.toml": """[[document_types]]
id = "breakme-partagee"
title = "Une pièce partagée"
""",
    "equivalences.toml": """[[equivalences]]
id = "ldm-breakme-1"
target = "breakme:1"
via = "ldm"
effect = "evidence"
title = "Le travail du label LDM sert de preuve"
source = "Test"
""",
    "rules.toml": """label = "breakme"

[[rules]]
id = "BREAKME-PIECE"
title = "La pièce est jointe"
severity = "blocking"
kind = "required-document"
scope = "application"
message = "Pièce absente : {type_name}"
source = { document = "Test", section = "1" }
[rules.check]
types = ["breakme-piece"]
""",
    "requirements.toml": """label = "breakme"

[[documents]]
id = "test"
title = "Texte de test"

[[requirements]]
id = "piece"
document = "test"
section = "1"
quote = "La pièce est jointe."
status = "enforced"
rules = ["BREAKME-PIECE"]
""",
    "profile.toml": """name = "breakme-profil"
title = "Profil de test"

[labels.breakme]
""",
}


def install(site: Path, broken: dict[str, tuple[str, str]] | None = None) -> Path:
    """The plugin in `site`; `broken` maps a file (`__init__.py` included) to (a text of it,
    the text replacing it)."""
    package = site / PACKAGE
    package.mkdir(parents=True)
    for name, text in {"__init__.py": INIT, **FILES}.items():
        if broken and name in broken:
            right, wrong = broken[name]
            assert right in text
            text = text.replace(right, wrong)
        (package / name).write_text(text, encoding="utf-8")
    info = site / f"{PACKAGE}-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: labelcheck-breakme\nVersion: 0.3\n"
    )
    (info / "entry_points.txt").write_text(f"[labelcheck]\nbreakme = {PACKAGE}\n")
    return site


def labelcheck(site: Path, *args: object) -> subprocess.CompletedProcess:
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


def evaluate_ldm(site: Path) -> subprocess.CompletedProcess:
    return labelcheck(site, "evaluate", LDM_READY, "--label", "ldm", "--format", "json")


def breakme_disabled(result: subprocess.CompletedProcess) -> bool:
    """Whether the run said the broken plugin disabled, with the exit status of an input error
    (its data's), not an internal one."""
    assert result.returncode == 2, result.stderr
    return "plugin breakme désactivé" in result.stderr


def ldm_alone_and_ready(result: subprocess.CompletedProcess) -> bool:
    """Whether the report judged Lycée des métiers, and it alone, ready: what a broken third
    party's plugin must leave as it was."""
    dossier = json.loads(result.stdout)["dossiers"][0]
    return [(label["label"], label["verdict"]) for label in dossier["labels"]] == [("ldm", "ready")]


def test_the_plugin_as_written_works(tmp_path):
    site = install(tmp_path)
    assert evaluate_ldm(site).returncode == 0
    listed = labelcheck(site, "labels")
    assert listed.returncode == 0, listed.stderr
    assert any(
        row.startswith("breakme") and "labelcheck-breakme 0.3" in row
        for row in listed.stdout.splitlines()
    )


def test_a_term_declared_as_a_parameter_without_a_national_value_keeps_the_label_s_own(tmp_path):
    """[label] validity_years = 3 and a `validity_years` parameter that only profiles set: under
    `national` the parameter is unset, and the award's expiry is counted from the référentiel's
    term. It was counted from none (0 years): the award expired the day it was granted."""
    site = install(tmp_path)
    referentiel = site / PACKAGE / "referentiel.toml"
    text = referentiel.read_text(encoding="utf-8")
    text = text.replace('version = "1"\n', 'version = "1"\nvalidity_years = 3\n', 1)
    text = text.replace(
        "[parameters]\nvalidity_years = 3",
        '[parameters]\nvalidity_years = { type = "integer", min = 1, max = 10 }',
    )
    referentiel.write_text(text, encoding="utf-8")
    dossier = tmp_path / "lp-ready"
    shutil.copytree(LDM_READY, dossier)
    with (dossier / "dossier.toml").open("a", encoding="utf-8") as written:
        written.write('\n[[held]]\nlabel = "breakme"\nawarded = 2025-01-10\n')
    result = labelcheck(site, "evaluate", dossier, "--format", "json", "--as-of", "2026-05-20")
    assert result.returncode == 0, result.stderr
    [breakme] = [
        label
        for label in json.loads(result.stdout)["dossiers"][0]["labels"]
        if label["label"] == "breakme"
    ]
    assert breakme["held"]["expires"] == "2028-01-10"
    assert (breakme["verdict"], breakme["held"]["status"]) == ("valid", "valid")


# file, the right line, the wrong one, the line of the error in the file, what stderr names
BROKEN = [
    # No term at all: every award would have expired the day it was granted (the plugin audit
    # of 6 December); the author is told, at the top of the file.
    pytest.param(
        "referentiel.toml",
        "validity_years = 3",
        "",
        1,
        "durée de validité absente (validity_years)",
        id="referentiel-no-term",
    ),
    pytest.param(
        "referentiel.toml",
        'title = "Un critère"',
        'titel = "Un critère"',
        8,
        "criteria[0].titel",
        id="referentiel-unknown-key",
    ),
    pytest.param(
        "referentiel.toml",
        'version = "1"',
        "version = 1",
        4,
        "label.version",
        id="referentiel-type",
    ),
    pytest.param(
        "referentiel.toml",
        "number = 1",
        "number = 1\n[[critera]]",
        8,
        "critera",
        id="referentiel-section",
    ),
    pytest.param(
        "referentiel.toml",
        'name = "Label de test"',
        'name = "Label de test',
        3,
        "",
        id="referentiel-syntax",
    ),
    pytest.param(
        "referentiel.toml",
        'title = "Un critère"\n',
        'title = "Un critère"\n[[criteria.items]]\nnumber = 1\ntitle = "Un élément"\napplies_when = "netwrok"\n',
        12,
        "criteria[0].items[0].applies_when",
        id="referentiel-expression",
    ),
    pytest.param(
        "document-types.toml",
        'title = "Une pièce partagée"',
        'titre = "Une pièce partagée"',
        3,
        "document_types[0].titre",
        id="document-types",
    ),
    pytest.param(
        "equivalences.toml",
        'effect = "evidence"',
        'effect = "evidense"',
        5,
        "equivalences[0].effect",
        id="equivalences",
    ),
    pytest.param(
        "rules.toml",
        'types = ["breakme-piece"]',
        'typs = ["breakme-piece"]',
        None,
        "check.typs",
        id="rules",
    ),
    pytest.param(
        "requirements.toml",
        'status = "enforced"',
        'status = "enforce"',
        12,
        "requirements[0].status",
        id="requirements",
    ),
    pytest.param(
        "profile.toml",
        "[labels.breakme]",
        "[labels.breakme]\nparametre_inconnu = 3",
        None,
        "parametre_inconnu",
        id="profile",
    ),
    pytest.param(
        "referentiel.toml",
        'version = "1"',
        'version = "1"\n\n[dossier_keys.new_keys.applications]\ntitle = { type = "text", description = "Un intitulé" }',
        7,
        "dossier_keys.new_keys.applications.title",
        id="referentiel-key-the-format-has",
    ),
    # An equivalence into a criterion that does not exist, from a label misspelt, or reusing
    # another plugin's id: each loaded and was applied, or could never be.
    pytest.param(
        "equivalences.toml",
        'target = "breakme:1"',
        'target = "breakme:12"',
        3,
        "equivalences[0].target",
        id="equivalence-criterion",
    ),
    pytest.param(
        "equivalences.toml",
        'via = "ldm"',
        'via = "ldn"',
        4,
        "equivalences[0].via",
        id="equivalence-label-misspelt",
    ),
    pytest.param(
        "equivalences.toml",
        'id = "ldm-breakme-1"',
        'id = "euroscol-ldm-6"',
        2,
        "equivalences[0].id",
        id="equivalence-id-of-another-plugin",
    ),
    # A key of another section written in [label]: read from its own place, it was ignored.
    pytest.param(
        "referentiel.toml",
        'version = "1"',
        'version = "1"\napplication_types = ["renewal"]',
        None,
        "label.application_types",
        id="referentiel-key-of-dossier-keys-in-label",
    ),
    pytest.param(
        "referentiel.toml",
        'title = "Une pièce"',
        'title = "Une pièce"\n\n[[milestones]]\nid = "etape"\ntitle = "Une étape"\n'
        'anchor = "application.audit"\ndays = "-jours_avant"',
        18,
        "milestones[0].days",
        id="referentiel-milestone-parameter",
    ),
    # The core's own mark of a criterion a profile adds, which the reference does not
    # document: written in a référentiel it was accepted, and suggested (the plugin audit).
    pytest.param(
        "referentiel.toml",
        'title = "Un critère"',
        'title = "Un critère"\nadded_by_profile = true',
        9,
        "criteria[0].added_by_profile",
        id="referentiel-internal-key",
    ),
]


@pytest.mark.parametrize(("file", "right", "wrong", "line", "key"), BROKEN)
def test_a_broken_file_disables_its_plugin_alone(tmp_path, file, right, wrong, line, key):
    site = install(tmp_path, {file: (right, wrong)})
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    where = f"{PACKAGE}/{file}" + (f":{line}" if line else "")
    assert where in result.stderr, result.stderr
    assert key in result.stderr
    assert ldm_alone_and_ready(result)


@pytest.mark.parametrize(
    ("file", "right", "wrong", "said", "meant"),
    [
        (
            "referentiel.toml",
            'id = "breakme"',
            'id = "Breakmé"',
            ":2: label.id: identifiant de label «\u202fBreakmé\u202f»\u202f: lettres minuscules",
            "breakme",
        ),
        (
            "rules.toml",
            'label = "breakme"',
            "# les règles du label de test",
            ": label: clé obligatoire «\u202flabel\u202f» absente\u202f: le label auquel ces "
            'règles s\'appliquent, en tête du fichier (`label = "…"`, ou `label = "*"` pour '
            "tous les labels)",
            None,
        ),
        (
            "rules.toml",
            'id = "BREAKME-PIECE"',
            'id = "breakme-pièce"',
            ":4: rules[0].id: règle breakme-pièce\u202f: identifiant de règle attendu\u202f: "
            "lettres majuscules",
            "BREAKME-PIECE",
        ),
    ],
    ids=["label-id", "rules-label-missing", "rule-id"],
)
def test_an_id_written_otherwise_is_said_in_words(tmp_path, file, right, wrong, said, meant):
    """A label id in capitals was taken (its rules, naming it in lower case, were told no
    plugin provides it); a rule file without `label` was said to « porter sur aucun label
    (clé label absente), qu'aucun plugin installé ne fournit »; a rule id in lower case was
    told its regular expression (« texte de la forme ^[A-Z][A-Z0-9]*… »)."""
    site = install(tmp_path, {file: (right, wrong)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert f"{PACKAGE}/{file}{said}" in result.stderr, result.stderr
    assert "[A-Z]" not in result.stderr and "aucun label (clé" not in result.stderr
    if meant:
        assert f"(vouliez-vous dire «\u202f{meant}\u202f»\u202f?)" in result.stderr


def test_a_mapping_key_the_plugin_misspelt_is_named_without_pydantic_s_tag(tmp_path):
    """`[dossier_keys.new_keys.application]` (for `applications`) was reported at
    `dossier_keys.new_keys.application.[key]`, pydantic's tag (the new-user walk)."""
    entry = '[dossier_keys.new_keys.application]\nniveau = { type = "text", description = "N" }'
    site = install(tmp_path, {"referentiel.toml": ('version = "1"', f'version = "1"\n\n{entry}')})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert f"{PACKAGE}/referentiel.toml:6: dossier_keys.new_keys.application: " in result.stderr
    assert "[key]" not in result.stderr


@pytest.mark.parametrize(("file", "right", "wrong", "line", "key"), BROKEN[:1] + BROKEN[6:7])
def test_labels_and_plugins_name_the_broken_plugin_and_its_error(
    tmp_path, file, right, wrong, line, key
):
    site = install(tmp_path, {file: (right, wrong)})
    listed = labelcheck(site, "labels")
    assert listed.returncode == 2
    assert any(row.startswith("ldm") for row in listed.stdout.splitlines())
    assert "Désactivé\u202f: plugin breakme" in listed.stdout
    assert f"{PACKAGE}/{file}" in listed.stdout
    plugins = labelcheck(site, "plugins", "--format", "json")
    assert plugins.returncode == 2
    by_name = {p["name"]: p for p in json.loads(plugins.stdout)["plugins"]}
    assert by_name["breakme"]["package"] == "labelcheck-breakme"
    assert by_name["breakme"]["version"] == "0.3"
    assert any(key in e["path"] or key in e["message"] for e in by_name["breakme"]["errors"])
    assert "errors" not in by_name["ldm"]
    # explain shows a working plugin's rule, and exits as rules and labels do; a rule it
    # does not know may be the disabled plugin's, which it says.
    explained = labelcheck(site, "explain", "LDM-TITLE")
    assert explained.returncode == 2 and "LDM-TITLE" in explained.stdout
    unknown = labelcheck(site, "explain", "BREAKME-NOWHERE")
    assert unknown.returncode == 2
    assert "plugins désactivés pour leurs erreurs, «\u202fbreakme\u202f»" in unknown.stderr
    # sources gives the working plugins' table, and exits as they do (it said 0).
    table = labelcheck(site, "sources", "--label", "ldm")
    assert table.returncode == 2 and "LDM-TITLE" in table.stdout


def test_a_rules_file_that_does_not_parse_is_its_plugins_one_error(tmp_path):
    """Its profile names one of its rules: with the rules file unreadable, that rule is not
    known, and the profile was blamed for it too (suggesting another plugin's rule)."""
    site = install(
        tmp_path,
        {
            "rules.toml": ('title = "La pièce est jointe"', 'title = "La pièce est jointe'),
            "profile.toml": (
                "[labels.breakme]\n",
                '[labels.breakme]\n\n[[severity]]\nrule = "BREAKME-PIECE"\n'
                'severity = "warning"\nreason = "Test"\n',
            ),
        },
    )
    plugins = labelcheck(site, "plugins", "--format", "json")
    assert plugins.returncode == 2
    by_name = {p["name"]: p for p in json.loads(plugins.stdout)["plugins"]}
    [error] = by_name["breakme"]["errors"]
    assert "texte non fermé" in error["message"], error


def test_a_label_of_a_broken_plugin_cannot_be_chosen(tmp_path):
    site = install(
        tmp_path, {"rules.toml": ('kind = "required-document"', 'kind = "required-documents"')}
    )
    result = labelcheck(site, "evaluate", LDM_READY, "--label", "breakme")
    assert result.returncode == 2
    assert "désactivé" in result.stderr


def test_a_profile_naming_a_disabled_plugin_s_label_is_not_refused_for_it(tmp_path):
    """The plugin's error is the run's (exit 2, said once); a profile setting its label's
    parameters or adding it a criterion is not « inconnu : aucun plugin installé ne le
    fournit », which hid the plugin's error, the real cause, behind a false one."""
    site = install(
        tmp_path / "site", {"rules.toml": ('scope = "application"', 'scope = "applicaton"')}
    )
    profile = tmp_path / "profil.toml"
    profile.write_text(
        'name = "mon-profil"\ntitle = "Profil"\n\n[labels.breakme]\n\n'
        '[[criteria]]\nlabel = "breakme"\nnumber = 2\ntitle = "Un critère de plus"\n',
        encoding="utf-8",
    )
    result = labelcheck(site, "evaluate", LDM_READY, "--profile", profile, "--format", "json")
    assert breakme_disabled(result)
    assert "inconnu" not in result.stderr and "profil" not in result.stderr.split("\n")[0]
    [dossier] = json.loads(result.stdout)["dossiers"]
    assert [label["label"] for label in dossier["labels"]] == ["ldm"]


@pytest.mark.parametrize(
    ("file", "right", "wrong", "line", "path", "meant"),
    [
        (
            "rules.toml",
            'severity = "blocking"',
            'severty = "blocking"',
            6,
            "rules[0].severty",
            "severity",
        ),
        (
            "referentiel.toml",
            'title = "Un critère"',
            'titel = "Un critère"',
            8,
            "criteria[0].titel",
            "title",
        ),
        (
            "requirements.toml",
            'quote = "La pièce',
            'quot = "La pièce',
            11,
            "requirements[0].quot",
            "quote",
        ),
        ("equivalences.toml", 'via = "ldm"', 'vai = "ldm"', 4, "equivalences[0].vai", "via"),
    ],
    ids=["rule", "referentiel", "requirement", "equivalence"],
)
def test_a_misspelt_required_key_of_a_plugin_is_one_error(
    tmp_path, file, right, wrong, line, path, meant
):
    """`severty` for `severity`: one error, the unknown key's, at its line, with the key
    meant; not « clé obligatoire « severity » absente » too, the same slip said twice."""
    site = install(tmp_path, {file: (right, wrong)})
    result = evaluate_ldm(site)
    assert result.returncode == 2
    assert "1 erreur" in result.stderr, result.stderr
    assert f"{site / PACKAGE / file}:{line}: {path}: " in result.stderr
    assert f"(vouliez-vous dire «\u202f{meant}\u202f»\u202f?)" in result.stderr
    assert "clé obligatoire" not in result.stderr


def test_a_duplicate_label_names_both_plugins(tmp_path):
    site = install(tmp_path, {"referentiel.toml": ('id = "breakme"', 'id = "ldm"')})
    result = evaluate_ldm(site)
    assert result.returncode == 2
    assert "«\u202fldm\u202f» et «\u202fbreakme\u202f»" in result.stderr
    # LDM ships with labelcheck: no advice to uninstall it.
    assert "nommer autrement ce label dans le second" in result.stderr
    assert "désinstaller" not in result.stderr
    # Said where the plugin declares it, as its other errors are: file, line, key path.
    assert f"{site / PACKAGE / 'referentiel.toml'}:2: label.id: label «\u202fldm\u202f»" in (
        result.stderr
    )
    dossier = json.loads(result.stdout)["dossiers"][0]
    assert [label["label"] for label in dossier["labels"]] == ["ldm"]


def test_a_duplicate_piece_type_of_a_label_is_said_at_its_line(tmp_path):
    site = install(tmp_path, {"referentiel.toml": ('id = "breakme-piece"', 'id = "plaquette"')})
    result = evaluate_ldm(site)
    assert result.returncode == 2
    assert (
        f"{site / PACKAGE / 'referentiel.toml'}:11: document_types[0].id: "
        "type de pièce «\u202fplaquette\u202f» déclaré par les plugins"
    ) in result.stderr


def test_a_duplicate_rule_kind_names_both_plugins(tmp_path):
    site = install(tmp_path)
    init = site / PACKAGE / "__init__.py"
    init.write_text(
        init.read_text()
        + """
from labelcheck.plugin import RuleKind

class Shadow(RuleKind):
    name = "required-document"
    scopes = ("application",)

@hookimpl
def labelcheck_rule_kinds():
    return [Shadow]
"""
    )
    result = evaluate_ldm(site)
    assert result.returncode == 2
    assert (
        "type de contrôle «\u202frequired-document\u202f» déclaré par les plugins «\u202flabelcheck.rules\u202f» et «\u202fbreakme\u202f»"
        in result.stderr
    )
    assert "nommer autrement ce type de contrôle dans le second" in result.stderr
    assert f"{init}:" in result.stderr  # the class's file and line


def test_a_shared_document_type_declared_again_says_to_use_it(tmp_path):
    """`pv-ca` is declared once for every label: a plugin redeclaring it is told to use it as
    it is, or to name its own otherwise, never to uninstall labelcheck's own labels."""
    site = install(tmp_path, {"document-types.toml": ('id = "breakme-partagee"', 'id = "pv-ca"')})
    result = evaluate_ldm(site)
    assert result.returncode == 2
    assert "type de pièce «\u202fpv-ca\u202f» déclaré par les plugins" in result.stderr
    assert "l'employer sans le redéclarer, ou nommer autrement celui du second plugin" in (
        result.stderr.replace("\u202f", " ")
    )


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (
            "\n@hookimpl\ndef labelcheck_lables():\n    return []\n",
            "fonction de plugin «\u202flabelcheck_lables\u202f» inconnue de labelcheck",
        ),
        (
            "\nimport labelcheck_no_such_module\n",
            "le plugin ne se charge pas\u202f: ModuleNotFoundError",
        ),
    ],
    ids=["misspelt-hook", "import-error"],
)
def test_a_plugin_that_cannot_register_is_disabled_alone(tmp_path, code, said):
    site = install(tmp_path)
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + code)
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert said in result.stderr
    if "@hookimpl" in code:  # the misspelt function, where its author wrote it
        # Its decorator's line (0-based index of the def, 1-based line of the line above).
        line = init.read_text().splitlines().index("def labelcheck_lables():")
        assert f"— ligne {line} de {init}" in result.stderr
    assert ldm_alone_and_ready(result)


@pytest.mark.parametrize(
    ("right", "wrong", "said"),
    [
        (
            'return [DATA / "rules.toml"]',
            'return [str(DATA / "rules.toml")]',
            "labelcheck_rule_files: élément 1 de la liste rendue\u202f: un objet str\u202f; attendu un fichier",
        ),
        (
            'return [load_label(DATA / "referentiel.toml")]',
            'return load_label(DATA / "referentiel.toml")',
            "labelcheck_labels: le point d'extension doit rendre une liste de LabelSpec",
        ),
        (
            'return [DATA / "profile.toml"]',
            'return DATA / "profile.toml"',
            "labelcheck_profiles: le point d'extension doit rendre une liste de fichiers",
        ),
        (
            'return [DATA / "rules.toml"]',
            '[DATA / "rules.toml"]',
            "labelcheck_rule_files: le point d'extension doit rendre une liste de fichiers",
        ),
    ],
    ids=["text-path", "bare-label", "bare-path", "return-forgotten"],
)
def test_a_hook_returning_the_wrong_thing_disables_its_plugin_alone(tmp_path, right, wrong, said):
    """A plugin's mistake said in its words as it loads (exit 2), not an internal error of
    the whole tool (an AttributeError on 'str', exit 3)."""
    site = install(tmp_path, {"__init__.py": (right, wrong)})
    init = site / PACKAGE / "__init__.py"
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert "breakme" in result.stderr and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    # At the hook's line (its decorator's), as a hook raising is said.
    hook = said.split(":")[0]
    line = init.read_text().splitlines().index(f"def {hook}():")
    assert f"— ligne {line} de {init}" in result.stderr, result.stderr
    assert ldm_alone_and_ready(result)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            "labelcheck_breakmee",
            "nomme le module «\u202flabelcheck_breakmee\u202f», que le paquet n'installe pas\u202f; "
            "modules du paquet\u202f: labelcheck_breakme (vouliez-vous dire «\u202flabelcheck_breakme\u202f»\u202f?)",
        ),
        (
            f"{PACKAGE}:plugin",
            "nomme «\u202fplugin\u202f», que le module «\u202flabelcheck_breakme\u202f» n'a pas",
        ),
    ],
    ids=["no-such-module", "no-such-object"],
)
def test_an_entry_point_naming_nothing_is_said_at_its_declaration(tmp_path, value, said):
    """`breakme = "labelcheck_breakmee"` in the package's entry points was said « le plugin ne
    se charge pas : ModuleNotFoundError : No module named … — ligne 126 de …/importlib/
    __init__.py » (a line of Python's, words of Python's), and a missing object (`:plugin`) as
    an internal error (exit 3): both are the package's declaration, said at its line."""
    site = install(tmp_path)
    info = site / f"{PACKAGE}-0.3.dist-info"
    (info / "top_level.txt").write_text(f"{PACKAGE}\n")
    (info / "entry_points.txt").write_text(f"[labelcheck]\nbreakme = {value}\n")
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert (
        f"{info / 'entry_points.txt'}:2: labelcheck.breakme: le point d'entrée "
        f"«\u202fbreakme = {value}\u202f» du paquet labelcheck-breakme" in result.stderr
    ), result.stderr
    assert said in result.stderr, result.stderr
    assert "importlib" not in result.stderr and "Error" not in result.stderr
    assert ldm_alone_and_ready(result)


def test_a_plugin_raising_as_it_is_imported_is_an_internal_error(tmp_path):
    """A module missing is the installation's problem (exit 2); a plugin's own code raising as
    it loads is a bug (cli-and-report: « 3 an internal error (a plugin raised) »)."""
    site = install(tmp_path)
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + "\n1 / 0\n")
    result = evaluate_ldm(site)
    assert result.returncode == 3, result.stderr
    assert "le plugin ne se charge pas\u202f: ZeroDivisionError" in result.stderr
    # Where it raised, for the plugin's author: the line of its own module.
    line = init.read_text().splitlines().index("1 / 0") + 1
    assert f"ligne {line} de {init}" in result.stderr, result.stderr
    assert ldm_alone_and_ready(result)


def test_a_dossier_applying_for_a_disabled_label_has_its_other_labels_evaluated(tmp_path):
    """Its plugin's error is the run's (exit 2, said once); the dossier is not invalid for
    it: its other labels are evaluated, and the keys and refs of the disabled label, which
    only its plugin could judge, are not refused as unknown."""
    site = install(
        tmp_path / "site", {"rules.toml": ('scope = "application"', 'scope = "applicaton"')}
    )
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(
        text.replace('supports = ["ldm:1"]', 'supports = ["ldm:1", "breakme:1"]', 1)
        + '\n[[applications]]\nlabel = "breakme"\ntype = "initial"\nits_own_key = "x"\n'
        # its pieces, of the types it declares, for its label and beside it
        + '\n[[documents]]\nid = "bp"\ntype = "breakme-piece"\nsupports = ["breakme"]\n'
        + '\n[[documents]]\nid = "bs"\ntype = "breakme-partagee"\nsupports = ["breakme:1"]\n'
        # and two whose files are missing: not judged either, nor told with LDM
        + '\n[[documents]]\nid = "bf"\ntype = "breakme-piece"\nfile = "pieces/absente.pdf"\n'
        + '\n[[documents]]\nid = "bg"\ntype = "preuve"\nfile = "pieces/absente.pdf"\n'
        + 'supports = ["breakme:1"]\n',
        encoding="utf-8",
    )
    assert 'supports = ["ldm:1", "breakme:1"]' in (tmp_path / "dossier.toml").read_text("utf-8")
    result = labelcheck(site, "evaluate", tmp_path / "dossier.toml", "--format", "json")
    assert result.returncode == 2, result.stderr
    assert "plugin breakme désactivé (ses labels ne sont pas évalués)" in result.stderr
    report = json.loads(result.stdout)
    [dossier] = report["dossiers"]
    assert dossier["errors"] == []
    assert [label["label"] for label in dossier["labels"]] == ["ldm"]
    assert not [f for f in dossier["labels"][0]["findings"] if f["rule"] == "DOC-FILE-MISSING"]
    # The report itself says so, kept as a CI artefact without the run's stderr.
    [disabled] = report["tool"]["disabled_plugins"]
    assert disabled["name"] == "breakme"
    [error] = disabled["errors"]
    assert error["path"].endswith("scope") and "applicaton" in error["message"]
    # The file its line is in: a plugin has several (the plugin author's audit).
    assert error["file"].endswith("rules.toml") and error["line"] >= 1
    assert "breakme" not in {plugin["name"] for plugin in report["tool"]["plugins"]}
    # And so do the reports handed to a school: its application is not silently dropped.
    said = "plugin «\u202fbreakme\u202f» désactivé pour ses erreurs\u202f: ses labels ne sont pas évalués"
    for fmt in ("text", "markdown", "html"):
        shown = labelcheck(site, "evaluate", tmp_path / "dossier.toml", "--format", fmt)
        assert said in shown.stdout, fmt


def test_a_school_whose_academy_s_profile_a_disabled_plugin_ships_is_told_so(tmp_path):
    """The academy's profile lost with its plugin, its school's report read « Profil :
    national (par défaut) », as if no profile served the academy (the plugin author's
    audit): it says which profile was not applied, and why."""
    site = install(
        tmp_path / "site",
        {
            "rules.toml": ('scope = "application"', 'scope = "applicaton"'),
            "profile.toml": ('title = "Profil de test"', 'academies = ["normandie"]'),
        },
    )
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(
        text.replace('sector = "public"\n', 'sector = "public"\nacademy = "normandie"\n', 1),
        encoding="utf-8",
    )
    said = (
        "national (le profil «\u202fbreakme-profil\u202f» de l'académie de Normandie n'est pas "
        "appliqué\u202f: son plugin «\u202fbreakme\u202f» est désactivé pour ses erreurs)"
    )
    for fmt in ("text", "markdown", "html"):
        shown = labelcheck(site, "evaluate", dossier, "--format", fmt)
        assert shown.returncode == 2, shown.stderr
        assert said in shown.stdout.replace("&#x27;", "'").replace("&#39;", "'"), fmt
        assert "par défaut" not in shown.stdout, fmt
    # The JSON report keeps the contract's reason: `national`, by default.
    [judged] = json.loads(labelcheck(site, "evaluate", dossier, "--format", "json").stdout)[
        "dossiers"
    ]
    assert (judged["profile"], judged["profile_reason"]) == ("national", "default")


def test_an_equivalence_into_another_plugin_s_label_disables_its_plugin_alone(tmp_path):
    """`target = "ldm:5"` in a third party's equivalences: adopted by a school holding its
    label, LDM's criterion 5 read « réputé satisfait (équivalence) » and LDM's blocking
    findings on it were hidden (the plugin author's audit). The guide (§ 6): the target is a
    criterion of the plugin's own label."""
    site = install(
        tmp_path,
        {
            "equivalences.toml": (
                'target = "breakme:1"\nvia = "ldm"',
                'target = "ldm:5"\nvia = "breakme"',
            )
        },
    )
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    said = result.stderr.replace("\u202f", " ")
    assert (
        f"{PACKAGE}/equivalences.toml:3: equivalences[0].target: le critère ldm:5 n'est pas "
        "d'un label du plugin « breakme » (équivalence ldm-breakme-1) : une équivalence porte "
        "sur un critère de son propre label (breakme)"
    ) in said, said
    assert ldm_alone_and_ready(result)


def test_a_third_party_rule_reusing_a_built_in_id_is_the_one_set_aside(tmp_path):
    """A built-in plugin wins over a third party's: LDM stays evaluated whatever the order
    the plugins are read in; the third party's plugin is disabled, its file named."""
    site = install(tmp_path, {"rules.toml": ('id = "BREAKME-PIECE"', 'id = "LDM-DOC-LEAFLET"')})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert "plugin breakme désactivé" in result.stderr and "plugin ldm" not in result.stderr
    assert f"{PACKAGE}/rules.toml" in result.stderr
    assert ldm_alone_and_ready(result)


@pytest.mark.parametrize("file", ["rules.toml", "requirements.toml", "referentiel.toml"])
def test_a_plugin_file_not_in_utf8_disables_its_plugin_alone(tmp_path, file):
    """Saved in Latin-1 (« pièce »): the plugin's error, with its file and line, exit 2;
    never an internal error stopping every label."""
    site = install(tmp_path)
    path = site / PACKAGE / file
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    assert f"{PACKAGE}/{file}:" in result.stderr and "n'est pas en UTF-8" in result.stderr
    assert "erreur interne" not in result.stderr and "Traceback" not in result.stderr
    assert ldm_alone_and_ready(result)


def test_an_application_type_the_dossier_format_does_not_know_is_the_plugin_s_error(tmp_path):
    """« renouvellement » would be refused in every school's dossier: the plugin's mistake is
    said where it is made, with the types the dossier format knows."""
    site = install(
        tmp_path,
        {
            "referentiel.toml": (
                'version = "1"\n',
                'version = "1"\n\n[dossier_keys]\napplication_types = ["initial", "renouvellement"]\n',
            )
        },
    )
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    assert f"{PACKAGE}/referentiel.toml:7" in result.stderr
    assert "«\u202frenouvellement\u202f» non reconnue" in result.stderr


@pytest.mark.parametrize(
    "broken",
    [
        {"referentiel.toml": ('title = "Un critère"', 'titel = "Un critère"')},
        {"referentiel.toml": ('id = "breakme"', 'id = "breakme"\nid = "twice"')},  # not TOML
    ],
    ids=["key-typo", "toml-error"],
)
def test_an_application_for_a_label_whose_referentiel_did_not_load_is_set_aside(tmp_path, broken):
    """The plugin's label could not even be read: a school applying for it (named as its
    plugin) is not blamed with « label inconnu », and its LDM application is evaluated."""
    site = install(tmp_path / "site", broken)
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(
        text + '\n[[applications]]\nlabel = "breakme"\ntype = "initial"\n', encoding="utf-8"
    )
    result = labelcheck(site, "evaluate", tmp_path / "dossier.toml", "--format", "json")
    assert breakme_disabled(result)
    [dossier] = json.loads(result.stdout)["dossiers"]
    assert dossier["errors"] == []
    assert [label["label"] for label in dossier["labels"]] == ["ldm"]


def test_a_key_taken_from_the_held_label_that_the_held_has_not_is_the_plugin_s_error(tmp_path):
    """`from_held` names keys both entries have: `network` (an application's only) would be
    taken as nothing in every dossier, without a word."""
    taken = 'version = "1"\nfrom_held = { surveillance = ["network"] }\n'
    site = install(tmp_path, {"referentiel.toml": ('version = "1"\n', taken)})
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    assert f"{PACKAGE}/referentiel.toml:5" in result.stderr
    assert "«\u202fnetwork\u202f» n'est pas une clé de [[held]]" in result.stderr


def test_an_item_numbered_twice_in_the_referentiel_is_the_plugin_s_error(tmp_path):
    """Items are numbered across the référentiel (`ldm:8.40`): a number given twice would
    make a dossier's reference ambiguous."""
    items = (
        'title = "Un critère"\n\n[[criteria.items]]\nnumber = 1\ntitle = "Un élément"\n\n'
        '[[criteria]]\nnumber = 2\ntitle = "Un autre critère"\n\n'
        '[[criteria.items]]\nnumber = 1\ntitle = "Le même numéro"\n'
    )
    site = install(tmp_path, {"referentiel.toml": ('title = "Un critère"\n', items)})
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    assert "l'élément 1 est numéroté deux fois (critères 1 et 2)" in result.stderr


def test_a_criterion_numbered_twice_is_the_plugin_s_error_at_its_line(tmp_path):
    """Two criteria `breakme:1` were accepted: the report listed both, the second « documenté »
    with the first's evidence, and a dossier naming the lost number was told to name the other."""
    twice = 'title = "Un critère"\n\n[[criteria]]\nnumber = 1\ntitle = "Le même numéro"\n'
    site = install(tmp_path, {"referentiel.toml": ('title = "Un critère"\n', twice)})
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    assert "referentiel.toml:11: criteria[1].number: le critère 1 est numéroté deux fois" in (
        result.stderr.replace("\u202f", " ")
    )


def test_a_number_given_as_text_in_the_referentiel_is_the_plugin_s_error(tmp_path):
    """`validity_years = "3"` was taken as 3: a plugin's data is checked strictly, so the
    author sees the mistake, with its line, before a school does."""
    site = install(
        tmp_path, {"referentiel.toml": ('version = "1"\n', 'version = "1"\nvalidity_years = "3"\n')}
    )
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert f"{PACKAGE}/referentiel.toml:5" in result.stderr
    assert "label.validity_years" in result.stderr and "nombre entier attendu" in result.stderr


def test_sources_tells_the_author_what_the_traceability_table_lacks(tmp_path):
    """A requirement naming a rule no plugin provides (a typo) and a rule no requirement
    names: the table is printed as it is, the gaps said on stderr with their file and line."""
    added = (
        'rules = ["BREAKME-PIECE"]\n',
        'rules = ["BREAKME-PIECES"]\n',
    )
    site = install(tmp_path, {"requirements.toml": added})
    result = labelcheck(site, "sources", "--label", "breakme")
    assert result.returncode == 0, result.stderr
    assert "piece [vérifiée par labelcheck]" in result.stdout
    assert "table de traçabilité incomplète, 2 points à reprendre" in result.stderr
    assert (
        f"{PACKAGE}/requirements.toml:13: requirements[0].rules[0]: l'exigence piece nomme "
        "la règle «\u202fBREAKME-PIECES\u202f», qu'aucun plugin installé ne fournit "
        "(vouliez-vous dire «\u202fBREAKME-PIECE\u202f» ?)"
    ) in result.stderr.replace("\u202f?", " ?")
    assert (
        "la règle BREAKME-PIECE n'applique aucune exigence de la table de traçabilité "
        "du label breakme"
    ) in result.stderr
    assert labelcheck(install(tmp_path / "right"), "sources").stderr == ""


def test_sources_names_a_label_without_a_traceability_table(tmp_path):
    site = install(tmp_path)
    (site / PACKAGE / "__init__.py").write_text(
        INIT.replace('    return [DATA / "requirements.toml"]', "    return []"), encoding="utf-8"
    )
    result = labelcheck(site, "sources")
    assert result.returncode == 0, result.stderr
    assert "le label breakme n'a pas de table de traçabilité" in result.stderr
    # In the words of `labelcheck plugins` and of the French docs: « point d'extension », not
    # « hook » here and « crochet » there (the plugin author's audit).
    assert "(requirements.toml, point d'extension labelcheck_requirements)" in result.stderr
    assert "ldm" not in result.stderr  # the built-in labels' tables are complete


def test_a_profile_raising_a_rule_that_does_not_compile_is_not_told_the_rule_does_not_exist(
    tmp_path,
):
    """The plugin guide (§ 7) has a label raise its own rule in its academy's profile: when that
    rule does not compile, the one error is the rule's, not « aucune règle n'a l'identifiant »
    at the profile, which sent the author looking for a typo that was not there."""
    result = _raising_a_rule_that_does_not_compile(tmp_path, "BREAKME-PIECE")
    assert result.returncode == 2
    assert "required-documents" in result.stderr
    assert "aucune règle" not in result.stderr, result.stderr


def _raising_a_rule_that_does_not_compile(tmp_path, rule: str) -> subprocess.CompletedProcess:
    """`labelcheck labels` with the plugin's rule broken and its profile raising `rule`."""
    raised = (
        f'[labels.breakme]\n\n[[severity]]\nrule = "{rule}"\nseverity = "warning"\n'
        'reason = "Choix de test"'
    )
    site = install(
        tmp_path,
        {
            "rules.toml": ('kind = "required-document"', 'kind = "required-documents"'),
            "profile.toml": ("[labels.breakme]", raised),
        },
    )
    return labelcheck(site, "labels")


def test_a_profile_raising_a_rule_no_plugin_declares_is_still_told_so(tmp_path):
    result = _raising_a_rule_that_does_not_compile(tmp_path, "BREAKME-PIECES")
    assert "aucune règle n'a l'identifiant «\u202fBREAKME-PIECES\u202f»" in result.stderr


@pytest.mark.parametrize(
    "command",
    [("rules", "--label", "breakme"), ("sources", "--label", "breakme")],
    ids=lambda c: c[0],
)
def test_listing_a_label_of_a_broken_plugin_says_it_is_disabled_not_unknown(tmp_path, command):
    site = install(
        tmp_path, {"rules.toml": ('kind = "required-document"', 'kind = "required-documents"')}
    )
    result = labelcheck(site, *command)
    assert result.returncode == 2
    assert (
        "label «\u202fbreakme\u202f» désactivé\u202f: son plugin breakme a des erreurs"
        in result.stderr
    )
    assert "label inconnu" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [("evaluate", LDM_READY, "--label", "breakme"), ("rules", "--label", "breakme")],
    ids=lambda c: c[0],
)
def test_choosing_the_label_of_a_plugin_whose_referentiel_did_not_load_says_it_is_disabled(
    tmp_path, command
):
    """The label is set aside for its plugin's error (a school's application for it too): the
    author choosing it with --label is told the plugin is disabled, not « label inconnu »."""
    site = install(tmp_path, {"referentiel.toml": ('version = "1"', "version = 1")})
    result = labelcheck(site, *command)
    assert result.returncode == 2
    assert "label «\u202fbreakme\u202f» désactivé\u202f: son plugin breakme a des erreurs" in (
        result.stderr
    )
    assert "label.version" in result.stderr


def test_a_piece_of_a_plugin_whose_referentiel_did_not_load_names_the_plugin(tmp_path):
    """Its types could not be learnt, so the school's piece reads as of an unknown type: the
    error says which disabled plugin may declare it, not only « type de pièce inconnu »."""
    site = install(tmp_path / "site", {"referentiel.toml": ('title = "Un critère"', 'titel = "x"')})
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    piece = '\n[[documents]]\nid = "bp"\ntype = "breakme-piece"\nsupports = ["ldm:1"]\n'
    (tmp_path / "dossier.toml").write_text(text + piece, encoding="utf-8")
    result = labelcheck(site, "evaluate", tmp_path / "dossier.toml", "--format", "json")
    assert result.returncode == 2, result.stderr
    assert "type de pièce inconnu «\u202fbreakme-piece\u202f»" in result.stderr
    assert "le plugin breakme est désactivé par ses erreurs" in result.stderr


def test_an_application_and_a_ref_of_a_plugin_whose_referentiel_did_not_load_name_it(tmp_path):
    """Its label could not be learnt either: when the plugin is not named after it (the
    plugin egalite_rouen of a label egalite), « label inconnu », alone, read as the school's
    mistake (the plugin author's audit). Each such error names the disabled plugin."""
    site = install(tmp_path / "site", {"referentiel.toml": ('title = "Un critère"', 'titel = "x"')})
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    entries = (
        '\n[[applications]]\nlabel = "egalite"\ntype = "initial"\nsubmitted = 2026-03-01\n'
        '\n[[documents]]\nid = "bp"\ntype = "projet-etablissement"\nsupports = ["egalite:1"]\n'
    )
    (tmp_path / "dossier.toml").write_text(text + entries, encoding="utf-8")
    result = labelcheck(site, "evaluate", tmp_path / "dossier.toml", "--format", "json")
    assert result.returncode == 2, result.stderr
    unknown = [line for line in result.stderr.splitlines() if "label inconnu" in line]
    assert len(unknown) == 2, result.stderr
    assert all(
        "le plugin breakme est désactivé par ses erreurs avant d'avoir déclaré son label" in line
        for line in unknown
    ), unknown


@pytest.mark.parametrize(
    "file, right, wrong, said",
    [
        ("referentiel.toml", "number = 1", "number = " + "1" * 5000, "4 300 chiffres"),
        ("rules.toml", 'section = "1" }', "section = " + "1" * 5000 + " }", "4 300 chiffres"),
        ("requirements.toml", 'section = "1"', "section = " + "1" * 5000, "4 300 chiffres"),
        (
            "requirements.toml",
            'section = "1"',
            "section = " + "[" * 900 + "]" * 900,
            "imbriqués sur plus de 400 niveaux",
        ),
    ],
    ids=["referentiel-integer", "rules-integer", "requirements-integer", "requirements-nesting"],
)
def test_a_plugin_file_past_tomli_s_limits_disables_its_plugin_alone(
    tmp_path, file, right, wrong, said
):
    """An integer of 5,000 digits or arrays nested 900 deep, which tomli refuses and toml_rs
    would read: the plugin's error at its file, exit 2; it was an internal error (exit 3)
    that cost every label, Python failing to write the integer out in a message."""
    site = install(tmp_path, {file: (right, wrong)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert "plugin breakme désactivé" in result.stderr and said in result.stderr
    assert f"{PACKAGE}/{file}" in result.stderr
    assert "erreur interne" not in result.stderr and "Traceback" not in result.stderr
    assert ldm_alone_and_ready(result)


@pytest.mark.parametrize("command", [("schema",), ("init", "{dir}")])
def test_schema_and_init_name_a_plugin_its_rules_disable_and_exit_2(tmp_path, command):
    """A rule kind misspelt disables the plugin when the rules are compiled: `schema` and
    `init` did not compile them, and exited 0 with the plugin's label as if it worked."""
    site = install(
        tmp_path / "site", {"rules.toml": ('kind = "required-document"', 'kind = "required-doc"')}
    )
    args = [str(arg).replace("{dir}", str(tmp_path / "starter")) for arg in command]
    result = labelcheck(site, *args)
    assert breakme_disabled(result)
    if command[0] == "schema":
        assert '"breakme:1"' not in result.stdout and '"ldm:1"' in result.stdout


def test_an_items_applies_when_that_does_not_compile_names_the_item_not_a_rule(tmp_path):
    """It read « règle breakme:1.1 : … », as if the item were a rule."""
    item = (
        'title = "Un critère"\n\n[[criteria.items]]\nnumber = 1\ntitle = "Un élément"\n'
        "applies_when = \"application.typ == 'initial'\"\n"
    )
    site = install(tmp_path, {"referentiel.toml": ('title = "Un critère"\n', item)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert "criteria[0].items[0].applies_when: élément breakme:1.1 (applies_when) :" in said
    assert "règle breakme:1.1" not in said


def test_a_plugin_whose_functions_lack_hookimpl_is_told_so(tmp_path):
    """Its hook functions without @hookimpl, the plugin registered with none: it was listed
    « actif » and a dossier applying to its label read « label inconnu » without a word of
    why (the plugin author's audit)."""
    site = install(tmp_path, {"__init__.py": ("@hookimpl\n", "")})
    assert "@hookimpl" not in (site / PACKAGE / "__init__.py").read_text()
    result = evaluate_ldm(site)
    assert breakme_disabled(result)
    assert "ne porte pas le décorateur @hookimpl" in result.stderr
    assert ldm_alone_and_ready(result)


def test_a_plugin_implementing_no_hook_is_told_so_in_the_words_of_labelcheck_plugins():
    """`labelcheck plugins` and the French docs say « points d'extension (hooks) »: the error
    said « crochet », a word the plugin author found nowhere else."""
    from labelcheck.core.registry import Registry, plugin_manager

    pm = plugin_manager()
    pm.register(object(), name="vide")
    [error] = Registry.from_plugins(pm).plugins["vide"].errors
    assert error.message.startswith(
        "le plugin n'implémente aucun point d'extension (hook) de labelcheck\u202f:"
    )


def test_one_hook_function_without_hookimpl_is_told_so_at_its_line(tmp_path):
    """The others decorated, `labelcheck_rule_files` not: pluggy never called it, and the
    label ran with no rules, « prêt » with exit 0 (the new-user walk). The plugin is set
    aside, told which function and where."""
    undecorated = ("@hookimpl\ndef labelcheck_rule_files", "def labelcheck_rule_files")
    site = install(tmp_path, {"__init__.py": undecorated})
    init = site / PACKAGE / "__init__.py"
    line = INIT.splitlines().index("def labelcheck_rule_files():")  # one line up, undecorated
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert "plugin breakme désactivé" in said
    assert "labelcheck_rule_files » ne porte pas le décorateur @hookimpl" in said
    assert f"ligne {line} de {init}" in said
    assert "labelcheck_labels" not in said  # decorated: not blamed


def test_a_hook_function_declaring_an_argument_is_told_so_at_its_line(tmp_path):
    """`def labelcheck_profiles(x)`: pluggy refuses to register it, and its English message
    (at a line of pluggy's own file) was an internal error of the tool, exit 3 (the plugin
    author's audit). It is the author's declaration mistake: said in French at the function's
    line, its plugin set aside alone (exit 2)."""
    declared = ("def labelcheck_profiles():", "def labelcheck_profiles(x):")
    site = install(tmp_path, {"__init__.py": declared})
    init = site / PACKAGE / "__init__.py"
    line = INIT.splitlines().index("def labelcheck_profiles():")  # its decorator's line
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert "plugin breakme désactivé" in said
    assert "labelcheck_profiles » ne reçoit aucun argument : retirer « x »" in said
    assert f"ligne {line} de {init}" in said
    assert "pluggy" not in said and "PluginValidationError" not in said
    assert ldm_alone_and_ready(result)


def test_a_decision_for_an_equivalence_into_a_criterion_no_profile_adds_is_an_error(tmp_path):
    """A label academies may add a criterion to (LDM's ninth) may declare an equivalence into
    it: whether a profile adds it is not known as the plugin loads. Decided for a school whose
    profile adds none, the decision applied to nothing, exit 0, without a word (the plugin
    author's audit): it is the dossier's error, at the decision's line."""
    site = install(
        tmp_path / "site",
        {
            "referentiel.toml": ('version = "1"', 'version = "1"\nmax_extra_criteria = 1'),
            "equivalences.toml": ('target = "breakme:1"', 'target = "breakme:9"'),
        },
    )
    equivalences = site / PACKAGE / "equivalences.toml"
    equivalences.write_text(equivalences.read_text().replace('"evidence"', '"meets"'))
    assert labelcheck(site, "labels").returncode == 0  # the plugin loads: a profile may add it
    dossier = tmp_path / "school" / "dossier.toml"
    dossier.parent.mkdir()
    text = (LDM_READY / "dossier.toml").read_text(encoding="utf-8")
    decision = (
        '\n[[decisions]]\nkind = "equivalence"\nequivalence = "ldm-breakme-1"\n'
        'by = "groupe académique"\ndate = 2026-01-15\n'
    )
    dossier.write_text(text + decision, encoding="utf-8")
    result = labelcheck(site, "evaluate", dossier, "--format", "json")
    assert result.returncode == 2, result.stderr
    errors = json.loads(result.stdout)["dossiers"][0]["errors"]
    [error] = errors
    line = (text + decision).splitlines().index('equivalence = "ldm-breakme-1"') + 1
    assert (error["path"], error["line"]) == ("decisions[0].equivalence", line)
    said = error["message"].replace("\u202f", " ")
    assert "rend réputé satisfait le critère breakme:9, que le label breakme n'a pas" in said


# -- a part of another plugin's profile --------------------------------------------------------

CVL_PART = """name = "centre-val-de-loire-2026"
title = "Centre-Val de Loire, pour le label de test"
academies = ["orleans-tours"]

[labels.breakme]

[labels.ldm]
plan_returned_days_before = 0

[[severity]]
rule = "LDM-NC-OPEN"
severity = "info"
reason = "Choix du groupe académique"

[[severity]]
rule = "BREAKME-PIECE"
severity = "warning"
reason = "Choix du groupe académique"
"""


def test_a_part_of_a_profile_another_plugin_ships_may_not_change_that_plugin_s_labels(tmp_path):
    """LDM ships `centre-val-de-loire-2026`; a third party's part of it setting an LDM parameter
    and an LDM rule's severity turned a not-ready renewal ready, with nothing said (the plugin
    author's audit). Its own label's settings are its to give."""
    site = install(tmp_path, {"profile.toml": (FILES["profile.toml"], CVL_PART)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    err = result.stderr.replace("\u202f", " ")
    assert "profile.toml:7: labels.ldm: le label « ldm » est celui du plugin « ldm »" in err, err
    assert (
        "profile.toml:11: severity[0].rule: la règle « LDM-NC-OPEN » est celle du plugin « ldm »"
        in err
    ), err
    assert "severity[1]" not in err and "labels.breakme" not in err  # its own: its to give
    # The LDM part is LDM's alone again: the plugin is disabled, the LDM evaluation unchanged.
    report = json.loads(result.stdout)
    assert report["dossiers"][0]["labels"][0]["label"] == "ldm"
    explained = " ".join(  # the names' column as wide as its widest: spaces aside
        labelcheck(
            site, "explain", "LDM-AUDIT-CALENDAR", "--profile", "centre-val-de-loire-2026"
        ).stdout.split()
    )
    assert (
        "plan_returned_days_before : 15 jours (choix du profil centre-val-de-loire-2026)"
        in explained
    )


def test_a_profile_one_plugin_ships_alone_may_set_every_label(tmp_path):
    """An academy's own plugin ships its profile: it speaks of the labels of others."""
    own = CVL_PART.replace("centre-val-de-loire-2026", "academie-de-test-2027").replace(
        '["orleans-tours"]', '["lille"]'
    )
    site = install(tmp_path, {"profile.toml": (FILES["profile.toml"], own)})
    result = evaluate_ldm(site)
    assert result.returncode == 0, result.stderr


def test_a_part_of_another_plugin_s_profile_may_not_add_an_academy(tmp_path):
    """A third party's part of `centre-val-de-loire-2026` serving Lyon had Lyon's schools judged
    by Centre-Val de Loire's LDM settings (the review); the academy LDM's part serves is its."""
    lyon = 'name = "centre-val-de-loire-2026"\nacademies = ["orleans-tours", "lyon"]\n\n[labels.breakme]\n'
    site = install(tmp_path, {"profile.toml": (FILES["profile.toml"], lyon)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    err = result.stderr.replace("\u202f", " ")
    assert "profile.toml:2: academies[1]: l'académie « lyon » n'est pas servie" in err, err
    assert "academies[0]" not in err


@pytest.mark.parametrize(
    ("profile", "said"),
    [
        (
            'name = "breakme-orleans-2026"\nextends = "centre-val-de-loire-2026"\n'
            'academies = ["orleans-tours"]\n\n[labels.breakme]\n',
            "profile.toml:3: academies[0]: l'académie « orleans-tours » est déjà servie par le "
            "profil « centre-val-de-loire-2026 » du plugin « ldm » : un seul profil par académie",
        ),
        (
            'name = "breakme-orleans-2026"\nextends = "centre-val-de-loire-2062"\n'
            'academies = ["lille"]\n\n[labels.breakme]\n',
            "profile.toml:2: extends: aucun profil « centre-val-de-loire-2062 » à étendre",
        ),
    ],
    ids=["academy-served-twice", "extends-unknown"],
)
def test_a_profile_that_cannot_be_placed_among_the_others_disables_its_plugin_alone(
    tmp_path, profile, said
):
    """Read alone, the profile loaded; the profiles built together, every run stopped (exit
    2, no report) with a message naming no plugin nor file, and `labels` said the plugin
    « actif » (the second plugin author's audit). The plugin is disabled alone, at its line."""
    site = install(tmp_path, {"profile.toml": (FILES["profile.toml"], profile)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    err = result.stderr.replace("\u202f", " ")
    assert "plugin breakme désactivé" in err and said in err, err
    assert ldm_alone_and_ready(result)
    listed = labelcheck(site, "labels")
    assert listed.returncode == 2 and "Désactivé\u202f: plugin breakme" in listed.stdout


def test_a_disabled_plugin_adding_only_rules_says_its_rules_are_left_out(tmp_path):
    """A plugin with no label of its own (rules for LDM) disabled for its data: LDM is still
    evaluated, without those rules; the reports say so (the French review: they said its
    labels were not evaluated, the opposite of what happened, and the verdict may be too
    favourable), and so do stderr and `labels`."""
    from cli.processes import install_test_plugin

    (tmp_path / "site").mkdir()
    site = install_test_plugin(tmp_path / "site")
    rules = site / "labelcheck_cli_test_rules.toml"
    rules.write_text(
        rules.read_text("utf-8").replace('scope = "application"', 'scope = "applicaton"', 1),
        encoding="utf-8",
    )
    result = labelcheck(site, "evaluate", LDM_READY, "--format", "json")
    assert result.returncode == 2, result.stderr
    assert "plugin cli-test désactivé (ses règles ne sont pas appliquées)" in result.stderr
    report = json.loads(result.stdout)
    [disabled] = report["tool"]["disabled_plugins"]
    assert disabled["declares_labels"] is False
    assert [label["label"] for label in report["dossiers"][0]["labels"]] == ["ldm"]
    said = (
        "plugin «\u202fcli-test\u202f» désactivé pour ses erreurs\u202f: ses règles ne sont "
        "pas appliquées dans ce rapport\u202f: les verdicts des labels qu'elles visent peuvent "
        "être trop favorables"
    )
    for fmt in ("text", "markdown", "html"):
        shown = labelcheck(site, "evaluate", LDM_READY, "--format", fmt)
        assert said in shown.stdout.replace("&#x27;", "'").replace("&#39;", "'"), fmt
        assert "ses labels ne sont pas évalués" not in shown.stdout, fmt
    listed = labelcheck(site, "labels")
    assert "aucun label à lui\u202f: il ajoute des règles à ceux des autres" in listed.stdout


ACADEMY_INIT = """
from importlib.resources import files
from labelcheck.plugin import hookimpl

DATA = files(__name__)

@hookimpl
def labelcheck_profiles():
    return [DATA / "profile.toml"]

@hookimpl
def labelcheck_rule_files():
    return [DATA / "rules.toml"]
"""

ACADEMY_PROFILE = """name = "normandie-2027"
title = "Cahier des charges académique de test"
extends = "national"
academies = ["normandie"]

[[criteria]]
label = "ldm"
number = 9
title = "La mixité des métiers"
source = "Cahier des charges académique de test, critère 9"
"""

ACADEMY_RULES = """label = "ldm"

[[rules]]
id = "ACADEMIE-LDM-9"
title = "Une règle"
severty = "warning"
kind = "indicator-per-criterion"
scope = "application"
message = "Critère {ref}"
source = { document = "Test", section = "9", nature = "academy" }
"""


def install_academy(site: Path, profile: str, rules: str) -> Path:
    """An academy's plugin adding LDM a criterion (the guide's § 7), installed in `site`."""
    package = site / "labelcheck_academie"
    package.mkdir()
    (package / "__init__.py").write_text(ACADEMY_INIT, encoding="utf-8")
    (package / "profile.toml").write_text(profile, encoding="utf-8")
    (package / "rules.toml").write_text(rules, encoding="utf-8")
    info = site / "labelcheck_academie-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: labelcheck-academie\nVersion: 0.1\n"
    )
    (info / "entry_points.txt").write_text("[labelcheck]\nacademie = labelcheck_academie\n")
    return site


def test_a_rule_on_an_item_no_profile_adds_disables_its_plugin_alone(tmp_path):
    """`items = [48]` where the academy's ninth criterion holds item 47 alone: every run
    stopped (exit 2, « erreur d'un plugin », no report) while `plugins` said it « actif »
    (the second plugin author's audit). Its plugin is disabled alone, LDM evaluated."""
    profile = ACADEMY_PROFILE + '[[criteria.items]]\nnumber = 47\ntitle = "Un élément"\n'
    rules = (
        ACADEMY_RULES.replace("severty", "severity").replace(
            "indicator-per-criterion", "evidence-per-criterion"
        )
        + '[rules.check]\nper = "item"\nitems = [48]\n'
    )
    site = install_academy(tmp_path, profile, rules)
    result = labelcheck(site, "evaluate", LDM_READY, "--format", "json")
    assert result.returncode == 2, result.stderr
    err = result.stderr.replace("\u202f", " ")
    assert "plugin academie désactivé (ses règles ne sont pas appliquées)" in err, err
    assert (
        "labelcheck_academie/rules.toml:13: rules[0].check.items[0]: règle ACADEMIE-LDM-9 : le "
        "label ldm n'a pas d'item 48"
    ) in err, err
    assert ldm_alone_and_ready(result)
    plugins = labelcheck(site, "plugins", "--format", "json")
    assert plugins.returncode == 2
    by_name = {p["name"]: p for p in json.loads(plugins.stdout)["plugins"]}
    assert by_name["academie"]["errors"][0]["path"] == "rules[0].check.items[0]"


def test_a_criterion_of_a_disabled_plugin_s_profile_names_the_plugin(tmp_path):
    """An academy's plugin adding LDM's ninth criterion, disabled for a typo in its rules:
    its profile is left out, and a school's `ldm:9` is an error of the dossier. The error
    says which plugin's profile may add the criterion: the school did not write it wrong."""
    install_academy(tmp_path, ACADEMY_PROFILE, ACADEMY_RULES)
    dossier = tmp_path / "dossier.toml"
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    text = text.replace('sector = "public"', 'sector = "public"\nacademy = "normandie"')
    dossier.write_text(text.replace('supports = ["ldm:8"]', 'supports = ["ldm:8", "ldm:9"]'))
    result = labelcheck(tmp_path, "evaluate", dossier, "--format", "json")
    assert result.returncode == 2
    assert "plugin academie désactivé" in result.stderr
    errors = json.loads(result.stdout)["dossiers"][0]["errors"]
    [error] = errors
    assert error["message"].startswith(
        "«\u202fldm:9\u202f»\u202f: le label ldm n'a pas de critère 9 (le plugin academie, "
        "désactivé par ses erreurs, livre peut-être le profil académique qui l'ajoute, et ce "
        "profil n'est pas appliqué)"
    ), error["message"]


def test_a_hook_raising_in_a_library_it_calls_is_said_at_the_plugin_s_own_line(tmp_path):
    """`json.loads` raising in a hook: the innermost line was the standard library's
    (« ligne 353 de …/json/decoder.py »), not one the author wrote. Their own line comes
    first, the library's place after it."""
    right = '    return [DATA / "rules.toml"]'
    wrong = '    import json\n    json.loads("{")\n    return [DATA / "rules.toml"]'
    site = install(tmp_path, {"__init__.py": (right, wrong)})
    init = site / PACKAGE / "__init__.py"
    line = init.read_text().splitlines().index('    json.loads("{")') + 1
    result = evaluate_ldm(site)
    assert result.returncode == 3, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert "labelcheck_rule_files: le plugin a levé une exception : JSONDecodeError" in said
    assert f"— ligne {line} de {init} (levée dans " in said
    assert "decoder.py, ligne " in said


@pytest.mark.parametrize(
    ("right", "wrong", "meant"),
    [
        ('DATA / "profile.toml"', 'DATA / "profil.toml"', "profile.toml"),
        ('DATA / "rules.toml"', 'DATA / "rule.toml"', "rules.toml"),
    ],
    ids=["profile", "rules"],
)
def test_a_hook_naming_a_file_the_plugin_lacks_disables_it_alone(tmp_path, right, wrong, meant):
    """`labelcheck_profiles` naming « profil.toml »: an internal error of every run, in
    English (« FileNotFoundError: [Errno 2] No such file or directory »), exit 3. It is the
    plugin's mistake: said at the file, with the file beside it meant, the plugin disabled
    alone (exit 2)."""
    site = install(tmp_path, {"__init__.py": (right, wrong)})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    said = result.stderr.replace("\u202f", " ")
    missing = site / PACKAGE / wrong.split('"')[1]
    assert f"{missing}: fichier illisible : introuvable (vouliez-vous dire « {meant} » ?)" in said
    assert "FileNotFoundError" not in said and "Errno" not in said
    assert ldm_alone_and_ready(result)


def test_a_traceability_table_of_a_label_no_plugin_provides_is_an_error(tmp_path):
    """`label = "breakmee"` in requirements.toml: the table traced nothing, and `labelcheck
    sources` said only that `breakme` had no table, with nothing of the misspelt label."""
    site = install(tmp_path, {"requirements.toml": ('label = "breakme"', 'label = "breakmee"')})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert (
        f"{PACKAGE}/requirements.toml:1: label: la table de traçabilité porte sur le label "
        "«\u202fbreakmee\u202f», qu'aucun plugin installé ne fournit"
    ) in result.stderr, result.stderr
    assert "(vouliez-vous dire «\u202fbreakme\u202f»\u202f?)" in result.stderr


def test_a_loader_given_a_path_as_text_is_the_plugin_s_error(tmp_path):
    """`load_label(str(DATA / "referentiel.toml"))`: an AttributeError of the loader (« 'str'
    object has no attribute 'read_text' »), an internal error (exit 3); refused as a hook
    returning a path as text is, the plugin disabled alone (exit 2)."""
    right = 'load_label(DATA / "referentiel.toml")'
    site = install(tmp_path, {"__init__.py": (right, 'load_label(str(DATA / "referentiel.toml"))')})
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    assert "referentiel.toml: le fichier est donné en texte" in result.stderr, result.stderr
    assert "AttributeError" not in result.stderr
    assert ldm_alone_and_ready(result)


KIND = """
from labelcheck.plugin import RuleKind

class Mine(RuleKind):
    name = "breakme-mine"
    scopes = SCOPES

@hookimpl
def labelcheck_rule_kinds():
    return [Mine]
"""


@pytest.mark.parametrize(
    ("scopes", "said"),
    [
        (
            '("applications",)',
            "type de contrôle breakme-mine : portée inconnue « applications » dans scopes ; "
            "portées possibles : dossier, application,",
        ),
        (
            '("application")',
            "type de contrôle breakme-mine : scopes doit être un tuple de portées",
        ),
    ],
    ids=["misspelt", "text"],
)
def test_a_kind_s_scopes_are_checked_as_it_loads(tmp_path, scopes, said):
    """A kind's `scopes` naming no scope: its rules were each told that « le contrôle porte
    sur la portée applications, pas sur application », the kind's mistake said as theirs (a
    text, `("application")`, read as its letters)."""
    site = install(tmp_path)
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + KIND.replace("SCOPES", scopes))
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    stderr = result.stderr.replace("\u202f", " ")
    assert f"breakme: labelcheck_rule_kinds: {said}" in stderr, stderr
    if "applications" in scopes:
        assert "(vouliez-vous dire « application » ?)" in stderr


def test_a_placeholder_of_a_kind_giving_no_field_says_so(tmp_path):
    """« champs possibles : » followed by nothing, for a kind whose `message_fields` is empty."""
    site = install(
        tmp_path, {"rules.toml": ('kind = "required-document"', 'kind = "breakme-mine"')}
    )
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + KIND.replace("SCOPES", '("application",)'))
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    stderr = result.stderr.replace("\u202f", " ")
    assert (
        "champ {type_name} inconnu du contrôle breakme-mine, qui ne donne aucun champ à ses "
        "messages (son attribut message_fields est vide)"
    ) in stderr, stderr
    assert "champs possibles : \n" not in stderr


OOPS = """
from labelcheck.plugin import RuleKind

class Oops(RuleKind):
    name = "breakme-oops"
    scopes = ("application",)

    def check(self, facts, application):
        yield "oops"

@hookimpl
def labelcheck_rule_kinds():
    return [Oops]
"""


def test_a_kind_giving_what_is_not_a_violation_is_named_with_what_was_expected(tmp_path):
    """`yield "oops"` in a kind's check: « AttributeError: 'str' object has no attribute
    'entry' (dans core/engine.py:491, …) », the engine's words (the plugin author's audit).
    Said as a hook returning the wrong thing is: the kind, its class and module, what it gave,
    what was expected. Still the dossier's internal error (exit 3): the plugin's bug."""
    site, init, dossier = _with_kind(tmp_path, OOPS)
    result = labelcheck(site, "evaluate", dossier, "--format", "json")
    assert result.returncode == 3, result.stderr
    [judged] = json.loads(result.stdout)["dossiers"]
    said = judged["internal_error"].replace("\u202f", " ")
    line = init.read_text().splitlines().index("    def check(self, facts, application):") + 1
    assert said.startswith(
        "TypeError: le type de contrôle « breakme-oops » (classe Oops du module "
        f"{PACKAGE}) : sa méthode check a produit un objet str ; attendu une Violation "
        f"(from labelcheck.plugin import Violation) — ligne {line} de {init}"
    ), said
    assert (
        said.endswith(", règle BREAKME-PIECE du plugin breakme)") and "AttributeError" not in said
    )


def test_a_file_the_package_left_out_is_said_missing_from_it_not_misnamed(tmp_path):
    """`equivalences.toml` left out of the wheel's package-data: « fichier illisible :
    introuvable (vouliez-vous dire « requirements.toml » ?) », another file the plugin needs
    as much (the plugin author's audit). Said missing from the installed package, with where
    its packaging names its data files."""
    site = install(tmp_path)
    (site / PACKAGE / "equivalences.toml").unlink()
    result = evaluate_ldm(site)
    assert result.returncode == 2, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert f"{PACKAGE}/equivalences.toml: fichier absent du paquet installé : " in said, said
    assert "`[tool.setuptools.package-data]` de son pyproject.toml, ou MANIFEST.in" in said
    assert "vouliez-vous dire" not in said
    assert ldm_alone_and_ready(result)


def _with_kind(tmp_path: Path, kind: str) -> tuple[Path, Path, Path]:
    """The plugin whose rule uses the kind `kind` defines (named `breakme-oops`), and a
    dossier applying for its label: the site, its hook module, the dossier."""
    site = install(
        tmp_path / "site",
        {
            "rules.toml": (
                'kind = "required-document"\nscope = "application"\n'
                'message = "Pièce absente : {type_name}"\nsource = { document = "Test", '
                'section = "1" }\n[rules.check]\ntypes = ["breakme-piece"]\n',
                'kind = "breakme-oops"\nscope = "application"\nmessage = "Oups"\n'
                'source = { document = "Test", section = "1" }\n',
            )
        },
    )
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + kind)
    dossier = tmp_path / "dossier.toml"
    text = (LDM_READY / "dossier.toml").read_text("utf-8")
    dossier.write_text(text + '\n[[applications]]\nlabel = "breakme"\ntype = "initial"\n')
    return site, init, dossier


@pytest.mark.parametrize("ref", ["breakme:9", "ldm:7", "breakme:1.5"])
def test_a_violation_on_a_ref_the_label_lacks_is_the_kind_s_error(tmp_path, ref):
    """`Violation(…, "qualeduc:9")` where Qualéduc has three criteria, or on `ldm:7`, another
    label's: reported as given, on nothing the label has, without a word (the plugin
    author's audit). The dossier's internal error names the kind, the rule and the ref."""
    kind = OOPS.replace('yield "oops"', f'yield Violation("x", "{ref}")').replace(
        "import RuleKind", "import RuleKind, Violation"
    )
    site, init, dossier = _with_kind(tmp_path, kind)
    result = labelcheck(site, "evaluate", dossier, "--format", "json")
    assert result.returncode == 3, result.stderr
    [judged] = json.loads(result.stdout)["dossiers"]
    said = judged["internal_error"].replace("\u202f", " ")
    assert said.startswith(
        "ValueError: le type de contrôle « breakme-oops » (classe Oops du module "
        f"{PACKAGE}) : sa méthode check a produit une Violation sur « {ref} », que le label "
        "breakme n'a pas sous le profil national ; attendu le label (breakme), l'un de ses "
        "critères (breakme:1…) ou l'un de leurs éléments (breakme:1.1…)"
    ), said
    assert said.endswith(", règle BREAKME-PIECE du plugin breakme)")


@pytest.mark.parametrize("ref", ["breakme", "breakme:1"])
def test_a_violation_on_the_label_or_one_of_its_criteria_is_reported(tmp_path, ref):
    kind = OOPS.replace('yield "oops"', f'yield Violation("x", "{ref}")').replace(
        "import RuleKind", "import RuleKind, Violation"
    )
    site, _, dossier = _with_kind(tmp_path, kind)
    result = labelcheck(site, "evaluate", dossier, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    [judged] = json.loads(result.stdout)["dossiers"]
    [breakme] = [label for label in judged["labels"] if label["label"] == "breakme"]
    assert [(f["rule"], f["ref"]) for f in breakme["findings"]] == [("BREAKME-PIECE", ref)]


CAMPAIGN = LDM_READY.parent
COMMANDS = {
    "evaluate": ("evaluate", LDM_READY, "--label", "ldm"),
    "labels": ("labels",),
    "rules": ("rules",),
    "campaign": ("campaign", CAMPAIGN),
    "compare": ("compare", LDM_READY, LDM_READY, "--label", "ldm"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_hook_exiting_disables_its_plugin_as_one_raising(tmp_path, command):
    """`raise SystemExit(0)` in a hook ended every command at once: exit 0, nothing on stdout
    or stderr, no report (the robustness audit). SystemExit is no Exception; a plugin exiting
    is a plugin raising (exit 3, disabled, the others' output written)."""
    right = '    return [DATA / "rules.toml"]'
    site = install(tmp_path, {"__init__.py": (right, "    raise SystemExit(0)")})
    result = labelcheck(site, *COMMANDS[command])
    assert result.returncode == 3, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert "plugin breakme désactivé" in said, said
    assert "labelcheck_rule_files: le plugin a levé une exception : SystemExit" in said
    assert result.stdout


def test_a_plugin_exiting_as_it_is_imported_is_reported_not_the_run_s_end(tmp_path):
    """`sys.exit("… requiert foo")` at the module's import: exit 1 and that text alone."""
    site = install(tmp_path)
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + '\nimport sys\nsys.exit("breakme requiert foo")\n')
    result = evaluate_ldm(site)
    assert result.returncode == 3, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert (
        "le plugin ne se charge pas : SystemExit : fin du programme demandée : « breakme requiert foo »"
        in said
    )
    assert ldm_alone_and_ready(result)


def test_ctrl_c_in_a_hook_still_stops_the_run(tmp_path):
    right = '    return [DATA / "rules.toml"]'
    site = install(tmp_path, {"__init__.py": (right, "    raise KeyboardInterrupt")})
    result = evaluate_ldm(site)
    assert result.returncode not in (0, 3)
    assert result.stdout == "" and "Interrompu" in result.stderr


RAISING_KIND = """
from labelcheck.plugin import RuleKind

class Mine(RuleKind):
    name = "breakme-mine"
    scopes = ("application",)

    def __init__(self, params, compiler):
        RAISE
        super().__init__(params, compiler)

@hookimpl
def labelcheck_rule_kinds():
    return [Mine]
"""


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        ('raise RuntimeError("pas de base")', "RuntimeError : pas de base"),
        ("raise SystemExit(0)", "SystemExit : fin du programme demandée (code 0)"),
    ],
    ids=["error", "exit"],
)
def test_a_kind_raising_as_its_rule_is_built_disables_its_plugin_alone(tmp_path, raised, said):
    """A kind's constructor raising stopped every command (« erreur interne », no report, exit
    3), or silently (SystemExit(0), exit 0): a plugin's bug at load, said as a hook's is."""
    site = install(
        tmp_path, {"rules.toml": ('kind = "required-document"', 'kind = "breakme-mine"')}
    )
    rules = site / PACKAGE / "rules.toml"
    rules.write_text(rules.read_text().replace('types = ["breakme-piece"]', ""))
    init = site / PACKAGE / "__init__.py"
    init.write_text(init.read_text() + RAISING_KIND.replace("RAISE", raised))
    result = evaluate_ldm(site)
    assert result.returncode == 3, result.stderr
    stderr = result.stderr.replace("\u202f", " ")
    assert (
        f"le type de contrôle breakme-mine a levé une exception en préparant la règle : {said}"
        in stderr
    )
    line = init.read_text().splitlines().index(f"        {raised}") + 1
    assert f"— ligne {line} de {init}" in stderr, stderr
    assert ldm_alone_and_ready(result)


def test_an_academy_raising_a_broken_plugin_s_rule_keeps_its_own_plugin(tmp_path):
    """An academy's profile raising the rule of another third party's label (`[[severity]]`
    on BREAKME-PIECE): a typo in that label's rules disabled the academy's plugin too, « aucune
    règle n'a l'identifiant », and with it the academy's criterion 9, unknown to every dossier
    of the academy citing it. The rule exists, in a plugin disabled for its own error, as a
    label or an equivalence such a plugin declares does: the academy's plugin stays active."""
    site = install(tmp_path, {"rules.toml": ('scope = "application"', 'scope = "applicaton"')})
    profile = ACADEMY_PROFILE + (
        '\n[[severity]]\nrule = "BREAKME-PIECE"\nseverity = "warning"\nreason = "Choix"\n'
    )
    rules = ACADEMY_RULES.replace("severty", "severity") + "[rules.check]\n"
    install_academy(site, profile, rules)
    result = labelcheck(site, "plugins", "--format", "json")
    assert result.returncode == 2, result.stderr
    state = {p["name"]: p.get("errors") for p in json.loads(result.stdout)["plugins"]}
    assert state["breakme"] and not state["academie"], result.stdout
    assert "plugin academie désactivé" not in result.stderr, result.stderr
    # A rule no plugin declares is still an error of the profile naming it.
    (site / "labelcheck_academie" / "profile.toml").write_text(
        profile.replace("BREAKME-PIECE", "BREAKME-PIECES"), encoding="utf-8"
    )
    result = labelcheck(site, "plugins")
    assert "plugin academie désactivé" in result.stderr, result.stderr
    assert "aucune règle n'a l'identifiant «\u202fBREAKME-PIECES\u202f»" in result.stderr
