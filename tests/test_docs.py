"""The reference in docs/ is complete, current and self-contained.

Each hook, rule kind, kind parameter and TOML key a plugin author may write is
described in the code (docstring, `summary`, `Field(description=...)`); the generated
pages under docs/en/reference/ are what the generator writes from the code now; a
relative link in docs/ (or in the README, or bench/'s pages) leads to a file and heading that exist; docs/
names nothing outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labelcheck.core import reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
# The benchmarks' guide and their dated record, which the README and the code cite.
BENCH_PAGES = sorted((ROOT / "bench").glob("*.md"))
# [text](target#anchor): a Markdown link, its file and its anchor.
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s#>]*)(?:#([^)\s>]*))?[^)]*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
REGENERATE = "python -m labelcheck.core.reference"


def test_docs_exist() -> None:
    assert (DOCS / "README.md").is_file()
    assert PAGES


def test_every_hook_kind_parameter_and_toml_key_is_described() -> None:
    missing = reference.undocumented()
    assert not missing, (
        f"{len(missing)} item(s) of the plugin reference have no description "
        "(docstring, summary or Field(description=...)):\n  " + "\n  ".join(missing)
    )


def test_an_undocumented_kind_or_parameter_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from labelcheck.plugin import Params, RuleKind

    class BareParams(Params):
        days: int = 3

    class Bare(RuleKind):
        name = "bare"
        scopes = ("dossier",)
        Params = BareParams

    monkeypatch.setattr(reference, "rule_kinds", lambda: [Bare])
    missing = "\n".join(reference.undocumented())
    assert "rule kind bare" in missing and "no docstring" in missing
    assert "rule kind bare: no French `summary`" in missing
    assert "rule kind bare, parameter days" in missing


def test_reference_puts_each_referentiel_key_in_the_section_load_label_reads_it_from() -> None:
    from labelcheck.core import catalog

    assert set(catalog.DOSSIER_KEYS) <= set(catalog.LabelSpec.model_fields)
    assert {*catalog._SECTIONS, "origin"} == reference.FILLED_BY_LOADER


def test_every_rule_kind_says_its_scopes_and_message_fields() -> None:
    for kind in reference.rule_kinds():
        assert kind.scopes, kind.name
        assert isinstance(kind.message_fields, frozenset), kind.name


@pytest.mark.parametrize("name", sorted(reference.render()))
def test_generated_reference_is_current(name: str) -> None:
    page = reference.DEFAULT_DIR / name
    assert page.is_file(), f"{page} is missing: run `{REGENERATE}`"
    assert page.read_text("utf-8") == reference.render()[name], (
        f"{page.relative_to(ROOT)} is stale (the code changed since it was generated): run `{REGENERATE}`"
    )


def test_generated_reference_is_deterministic() -> None:
    assert reference.render() == reference.render()


@pytest.mark.parametrize(
    "page", [*PAGES, *BENCH_PAGES, ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT))
)
def test_relative_links_lead_to_files_and_headings(page: Path) -> None:
    broken = []
    for target, anchor in LINK.findall(_without_code(page.read_text("utf-8"))):
        if "://" in target or target.startswith("mailto:"):
            continue
        linked = (page.parent / target).resolve() if target else page
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}#{anchor}")
    assert not broken, f"{page.relative_to(ROOT)}: broken links {broken}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_docs_depend_on_nothing_outside_the_repository(page: Path) -> None:
    text = page.read_text("utf-8")
    assert "/work/" not in text, f"{page.relative_to(ROOT)} names a path outside the repository"
    # The contracts the code cites (`spec/cli-and-report.md`) are not in the repository: a page
    # cites the page of docs/ that says the same.
    assert not re.search(r"cli-and-report|dossier-format\.md", text), (
        f"{page.relative_to(ROOT)} cites a contract a reader of the repository cannot open"
    )
    # Texts are cited by their titles. A seed file's number is refused anywhere; the bare word
    # only in prose (docs/messages.md quotes `seed` as a word messages must not use).
    assert not re.search(r"(?i)\bseeds?[\s_/-]*\d", text), (
        f"{page.relative_to(ROOT)} names a seed file"
    )
    assert not re.search(r"(?i)\bseeds?\b", _without_code(text)), (
        f"{page.relative_to(ROOT)} mentions seeds"
    )


FRENCH_PAGES = sorted((DOCS / "fr").glob("*.md"))
# What is not prose: inline code (which may wrap within a paragraph), a link's target, a URL,
# HTML.
_NOT_PROSE = re.compile(r"(`+)(?:(?!\1).)+?\1|\]\([^)]*\)|<[^>\n]*>|https?://\S+", re.DOTALL)
# A plain or no-break space where French typography holds the mark to its word with a narrow
# no-break space (U+202F), as labelcheck's messages and the README do.
_WIDE_SPACE = re.compile(r"[ \u00a0][:;!?»]|«[ \u00a0]")


@pytest.mark.parametrize("page", FRENCH_PAGES, ids=lambda p: p.name)
def test_french_pages_hold_their_marks_with_narrow_no_break_spaces(page: Path) -> None:
    """The French editor: « Voir aussi : [le format…] », « « bloquant (blocking) » » with
    plain spaces, where the README and every message have U+202F. Code and examples are
    left as typed."""
    paragraphs = _without_fences(page.read_text("utf-8")).split("\n\n")
    wide = [
        found.group(0) + " in " + repr(paragraph[:60])
        for paragraph in paragraphs
        for found in _WIDE_SPACE.finditer(_NOT_PROSE.sub(" ", paragraph))
    ]
    assert not wide, f"{page.name}: {wide[:5]}"


def _without_code(text: str) -> str:
    """Markdown without fenced code blocks and inline code, where brackets are not links."""
    return re.sub(r"`[^`\n]*`", "", _without_fences(text))


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as
    dashes, a repeated one numbered."""
    anchors: set[str] = set()
    for heading in HEADING.findall(_without_fences(page.read_text("utf-8"))):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in anchors:
            n += 1
            candidate = f"{slug}-{n}"
        anchors.add(candidate)
    return anchors


def _without_fences(text: str) -> str:
    return re.sub(r"(?s)```.*?```", "", text)


def test_readme_names_every_built_in_rule_kind() -> None:
    """The README's list of the kinds a rule may name is the one a label author reads first:
    a kind added to rules/ and left out of it is one a newcomer never hears of."""
    from labelcheck.rules import KINDS

    readme = (ROOT / "README.md").read_text("utf-8")
    listed = readme[readme.index("Kinds (`rules/`") :].split("\n\n", 1)[0]
    missing = sorted(kind.name for kind in KINDS if f"`{kind.name}`" not in listed)
    assert not missing, f"README.md, « Kinds (`rules/`) »: kinds not named {missing}"


def test_guide_annotates_every_key_of_the_referentiel() -> None:
    """The guide's annotated référentiel says it has every key: one added to the code (a
    label's `criterion_name`, a milestone's `titles`) and left out of it is one a plugin
    author never hears of. `[[key_evidence]]` and `[parameters]`' entries have prose of their
    own; `[facts]` is free."""
    guide = (DOCS / "en" / "writing-a-label-plugin.md").read_text("utf-8")
    section = guide[guide.index("## 3. The référentiel") :]
    block = section.split("```toml\n", 1)[1].split("```", 1)[0]
    prose = {"[[key_evidence]]", "[parameters]", "[facts]"}
    missing = [
        f"{header} {key}"
        for data_file in reference.FILES[:1]
        for part in data_file.sections
        for header, key, _info, _model in reference.keys(part)
        if header not in prose and not re.search(rf"(^|[#{{,]\s*){re.escape(key)} =", block, re.M)
    ]
    assert not missing, f"writing-a-label-plugin.md § 3: keys not annotated {missing}"


def test_guide_annotated_referentiel_loads(tmp_path: Path) -> None:
    """What a plugin author copies from the guide loads as it stands."""
    from labelcheck.plugin import load_label

    guide = (DOCS / "en" / "writing-a-label-plugin.md").read_text("utf-8")
    section = guide[guide.index("## 3. The référentiel") :]
    written = tmp_path / "referentiel.toml"
    written.write_text(section.split("```toml\n", 1)[1].split("```", 1)[0], "utf-8")
    spec = load_label(written)
    assert spec.id == "egalite" and spec.criterion_name == "critère"
    assert spec.milestones[0].titles


def test_install_pins_name_the_version_released() -> None:
    """The README's CI snippets and pre-commit hook and the plugin guide install labelcheck at
    a tag: it is this version's, and the changelog has its dated section. 549 commits after
    v0.3.0, documenting keys and commands it lacks, they still pinned it (the docs' new user:
    a plugin written from the guide was refused there)."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    pinned = {
        (page.name, tag)
        for page in (ROOT / "README.md", DOCS / "en" / "writing-a-label-plugin.md")
        for tag in re.findall(
            r"(?:@|rev: |tag `)v(\d+\.\d+\.\d+)\b", page.read_text(encoding="utf-8")
        )
    }
    assert {page for page, _ in pinned} == {"README.md", "writing-a-label-plugin.md"}
    assert {tag for _, tag in pinned} == {version}, pinned
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version)} — \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)


def test_guide_describes_every_member_of_a_rule_kind() -> None:
    """`fields_for(check, scope)`, new for plugins in 0.5.0, was named in the changelog and
    nowhere in docs/ (the plugin author's audit): each member a plugin's kind sets or
    overrides is described in the guide's section on a new kind of check."""
    from labelcheck.rules.base import RuleKind

    guide = (DOCS / "en" / "writing-a-label-plugin.md").read_text("utf-8")
    section = guide.split("## 10. A new kind of check")[1].split("\n## ")[0]
    members = {*vars(RuleKind), *RuleKind.__annotations__}
    engine_only = {"reported_kind"}  # the engine's reading of `finding_kind`, not overridden
    undescribed = sorted(
        name
        for name in members - engine_only
        if not name.startswith("_")
        and f"`{name}" not in section  # described in prose, or set in the example's class:
        and not re.search(rf"^\s+{name}\s*[:=]", section, re.MULTILINE)
    )
    assert undescribed == []


def test_every_option_of_every_command_is_in_the_french_reference() -> None:
    """A school head or an academy reads the commands' options in « Les commandes et les
    rapports »: an option added to the CLI and to no table there is one they never hear of.
    Each command's options are looked for in its own section, where the page has one."""
    import click
    from labelcheck.core.cli import main

    page = (DOCS / "fr" / "commandes-et-rapports.md").read_text("utf-8")
    sections = {
        title.split()[1]: body
        for title, body in re.findall(r"^## (labelcheck \w+)\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    }
    rows = dict(re.findall(r"^\| `labelcheck (\w+)([^\n]*)", page, re.M))
    missing = []
    for name, command in main.commands.items():
        where = sections.get(name, "") + rows.get(name, "")
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            if not any(re.search(rf"[`\[]{opt}\b", where) for opt in param.opts):
                missing.append(f"{name} {'/'.join(param.opts)}")
    assert not missing, f"options no section of commandes-et-rapports.md names: {missing}"


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        (DOCS / "fr" / "commandes-et-rapports.md", "## Sommaire"),
        (DOCS / "fr" / "format-du-dossier.md", "## Sommaire"),
        (DOCS / "en" / "writing-a-label-plugin.md", "## Contents"),
        (ROOT / "README.md", "## Contents"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_a_table_of_contents_lists_every_section_of_its_page(page: Path, heading: str) -> None:
    """A section added to a page and left out of its table of contents is one its reader
    does not know is there."""
    text = _without_fences(page.read_text("utf-8"))
    contents = text.split(heading, 1)[1].split("\n## ", 1)[0]
    sections = [title for title in re.findall(r"^## (.+)$", text, re.M) if f"## {title}" != heading]
    missing = [title for title in sections if f"[{title}]" not in contents]
    assert not missing, f"{page.name}: sections not in its table of contents: {missing}"
