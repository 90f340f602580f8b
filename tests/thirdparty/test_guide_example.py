"""The plugin of docs/en/writing-a-label-plugin.md, built from the guide's own code blocks,
loads as the guide says: a plugin author copying them gets a working label, not a plugin
disabled for a mistake of the guide's.

The blocks are taken in the guide's order: the hook module (§ 2), the référentiel (§ 3), the
rules (§ 4), the traceability table (§ 5), the equivalences (§ 6), the label's part of its
academy's profile (§ 7) and the rule kind (§ 10), with the hooks that return them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "en" / "writing-a-label-plugin.md"
PACKAGE = "labelcheck_egalite"

MORE_HOOKS = """

from labelcheck.plugin import load_equivalences

from .kinds import labelcheck_rule_kinds  # noqa: F401


@hookimpl
def labelcheck_equivalences():
    return load_equivalences(DATA / "equivalences.toml")


@hookimpl
def labelcheck_profiles():
    return [DATA / "profile.toml"]
"""


def _blocks() -> list[tuple[str, str]]:
    return re.findall(r"```(\w+)\n(.*?)```", GUIDE.read_text("utf-8"), re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("guide")
    blocks = _blocks()
    python = [text for lang, text in blocks if lang == "python"]
    toml = {text.split("\n", 1)[0]: text for lang, text in blocks if lang == "toml"}

    def starting(start: str) -> str:
        [text] = [text for first, text in toml.items() if first.startswith(start)]
        return text

    package = site / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text(python[0] + MORE_HOOKS, encoding="utf-8")
    # The kind of § 10, whatever other examples (an academy's own plugin, § 7) come before.
    [kind] = [text for text in python if "class RecentDocument(RuleKind)" in text]
    (package / "kinds.py").write_text(kind, encoding="utf-8")
    files = {
        "referentiel.toml": starting("[label]"),
        "rules.toml": starting('label = "egalite"                  # required, once'),
        "requirements.toml": starting('label = "egalite"                  # required: the label'),
        "equivalences.toml": starting("[[equivalences]]"),
        "profile.toml": starting('name = "centre-val-de-loire-2026"'),
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    info = site / f"{PACKAGE}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: labelcheck-egalite\nVersion: 0.1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[labelcheck]\negalite = {PACKAGE}\n")
    return site


def labelcheck(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "labelcheck.core.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_guide_s_plugin_loads_with_its_hooks_and_kind(site):
    result = labelcheck(site, "plugins")
    assert result.returncode == 0, result.stderr
    assert "egalite — labelcheck-egalite 0.1.0 (actif)" in result.stdout
    assert "egalite-recent-document" in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ("labels",),
        ("rules", "--label", "egalite"),
        ("explain", "EGALITE-DIAGNOSTIC"),
        ("sources", "--label", "egalite"),
        ("schema",),
    ],
    ids=lambda c: c[0],
)
def test_the_guide_s_trying_it_commands_work(site, command):
    result = labelcheck(site, *command)
    assert result.returncode == 0, result.stderr
    assert "désactivé" not in result.stderr


FARM = Path(__file__).resolve().parents[2] / "build" / "typecheck"


def test_the_guide_s_rule_kind_type_checks_strictly_against_the_public_api(site, tmp_path):
    """A plugin author runs mypy --strict on the guide's hook module (§ 2) and rule kind,
    typed with the public `LabelFacts` protocol: `resolve` asked the engine's own class, an
    error in their code (the plugin author's audit); the hooks had no annotations."""
    pytest.importorskip("mypy")
    if not (FARM / "labelcheck" / "plugin.py").exists():
        pytest.skip("mypy reads labelcheck from the farm `nox -s types` lays (noxfile.py)")
    hooks = tmp_path / "labelcheck_egalite_hooks.py"
    hooks.write_text([t for lang, t in _blocks() if lang == "python"][0], encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",  # the author's code is judged, not labelcheck's
            "--cache-dir",
            str(tmp_path / "cache"),
            str(site / PACKAGE / "kinds.py"),
            str(hooks),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(FARM)},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


ACADEMY = "labelcheck_normandie"
LURCAT = Path(__file__).resolve().parents[2] / "examples" / "lp-jean-lurcat"


@pytest.fixture(scope="module")
def academy_site(site, tmp_path_factory) -> Path:
    """The guide's site, plus the academy's own plugin of § 7 (LDM's ninth criterion): its
    hook module, its profile (whose [[criteria]] add `ldm:9`) and its rule file."""
    academy = tmp_path_factory.mktemp("academy")
    shutil.copytree(site, academy, dirs_exist_ok=True)
    blocks = _blocks()
    [hooks] = [t for lang, t in blocks if lang == "python" and "def labelcheck_profiles" in t]
    [profile] = [t for lang, t in blocks if lang == "toml" and t.startswith('name = "normandie')]
    [rules] = [t for lang, t in blocks if lang == "toml" and t.startswith('label = "ldm"')]
    package = academy / ACADEMY
    package.mkdir()
    (package / "__init__.py").write_text(hooks, encoding="utf-8")
    (package / "profile.toml").write_text(profile, encoding="utf-8")
    (package / "rules.toml").write_text(rules, encoding="utf-8")
    info = academy / f"{ACADEMY}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: labelcheck-normandie\nVersion: 0.1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[labelcheck]\nnormandie = {ACADEMY}\n")
    return academy


def _normandie_dossier(tmp_path: Path, action_on_9: bool) -> Path:
    dossier = tmp_path / ("with-action" if action_on_9 else "without-action")
    shutil.copytree(LURCAT, dossier)
    text = (dossier / "dossier.toml").read_text("utf-8")
    text = text.replace('academy = "orleans-tours"', 'academy = "normandie"')
    if action_on_9:
        text += (
            '\n[[actions]]\nid = "A9-1"\ntitle = "Ateliers de découverte des métiers"\n'
            'supports = ["ldm:9.47"]\n'
        )
    (dossier / "dossier.toml").write_text(text, encoding="utf-8")
    return dossier


@pytest.mark.parametrize("action_on_9", [False, True], ids=["no-action-on-9", "action-on-9"])
def test_the_guide_s_academy_rule_asks_for_an_action_on_its_criterion(
    academy_site, tmp_path, action_on_9
):
    """The rule of § 7 asks the plan for an action on the academy's criterion: a plan whose
    actions all support LDM's own criteria has none (the guide's rule once read
    `action_count >= 1`, the label's actions whatever their criterion: it never fired)."""
    dossier = _normandie_dossier(tmp_path, action_on_9)
    result = labelcheck(academy_site, "evaluate", str(dossier), "--format", "json")
    assert "désactivé" not in result.stderr, result.stderr
    [report] = json.loads(result.stdout)["dossiers"]
    assert report["profile"] == "normandie-2027"
    [ldm] = [label for label in report["labels"] if label["label"] == "ldm"]
    found = [f["ref"] for f in ldm["findings"] if f["rule"] == "NORMANDIE-LDM-9-ACTION"]
    assert found == ([] if action_on_9 else ["ldm:9.47"])


@pytest.fixture(scope="module")
def awards_key_site(site, tmp_path_factory) -> Path:
    """The guide's site, its label adding a key to its awards too (`[[held]]`, which § 3
    allows beside the applications' keys it shows)."""
    keyed = tmp_path_factory.mktemp("awards-key")
    shutil.copytree(site, keyed, dirs_exist_ok=True)
    referentiel = keyed / PACKAGE / "referentiel.toml"
    text = referentiel.read_text("utf-8")
    section = "[dossier_keys.new_keys.applications]"
    assert section in text
    held = '[dossier_keys.new_keys.held]\ncharte_signee = { type = "boolean", description = "Charte signée" }\n\n'
    referentiel.write_text(text.replace(section, held + section), encoding="utf-8")
    return keyed


GRANDMONT = {
    "format": 1,
    "establishment": {
        "uai": "0370771M",
        "name": "Lycée polyvalent Grandmont",
        "kind": "lpo",
        "sector": "public",
    },
}


def _entries(entry: str, key: str, value: object, on: str) -> dict:
    """A dossier of egalite and euroscol entries of `entry`, the one of label `on` holding `key`."""
    own: dict[str, object] = (
        {"type": "initial"} if entry == "applications" else {"awarded": "2025-01-15"}
    )
    made = [{"label": label, **own} for label in ("egalite", "euroscol")]
    for one in made:
        if one["label"] == on:
            one[key] = value
    return {**GRANDMONT, entry: made}


@pytest.mark.parametrize(
    ("entry", "key", "value"),
    [("applications", "filiere", "tertiaire"), ("held", "charte_signee", True)],
    ids=["application-key", "award-key"],
)
def test_the_schema_refuses_a_plugin_s_key_on_another_label_s_entry_as_labelcheck_does(
    awards_key_site, tmp_path, entry, key, value
):
    """The schema forbade the format's keys of one label (`level`…) on another's entries, not
    the keys a plugin adds: an editor passed `filiere` on a Euroscol application, which
    labelcheck refuses (the plugin author's audit)."""
    schema = json.loads(labelcheck(awards_key_site, "schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for on, refused in (("egalite", False), ("euroscol", True)):
        data = _entries(entry, key, value, on)
        folder = tmp_path / f"{entry}-{on}"
        folder.mkdir()
        (folder / "dossier.json").write_text(json.dumps(data), encoding="utf-8")
        result = labelcheck(awards_key_site, "evaluate", str(folder))
        assert "désactivé" not in result.stderr, result.stderr
        assert (result.returncode == 2) is refused, result.stderr
        if refused:
            assert (
                "ne s'applique pas au label euroscol (elle sert à\u202f: egalite)" in result.stderr
            )
        assert bool(list(validator.iter_errors(data))) is refused, on
