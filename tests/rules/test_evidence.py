"""Kinds `evidence-per-criterion` and `indicator-per-criterion` (rules/evidence.py): enough evidence per criterion."""

from __future__ import annotations

from kinds import Case, cases, check, findings
from labelcheck.plugin import hookimpl

MODULE = "evidence"
EVERY_CRITERION = tuple(f"ldm:{n}" for n in range(1, 9))  # LDM's criteria 1 to 8


@cases(
    Case("one-piece-for-every-criterion", "T-EVIDENCE", "piece-for-all.toml"),
    Case("no-evidence", "T-EVIDENCE", "none.toml", EVERY_CRITERION),
    Case("indicators-and-a-piece-count", "T-EVIDENCE", "indicators-but-8.toml"),
    Case("min-two-one-piece-each", "T-EVIDENCE-TWO", "piece-for-all.toml", EVERY_CRITERION),
    Case("min-two-two-indicators", "T-EVIDENCE-TWO", "indicators-but-8.toml", ("ldm:8",)),
    Case("only-indicators-count", "T-EVIDENCE-INDICATORS", "piece-for-all.toml", EVERY_CRITERION),
    Case(
        "only-indicators-count-some", "T-EVIDENCE-INDICATORS", "indicators-but-8.toml", ("ldm:8",)
    ),
)
def test_evidence_per_criterion_at_least_min_of_the_kinds_counted(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_evidence_per_criterion_not_examined_when_met_by_equivalence(engine, registry):
    national = Case("national", "T-EVIDENCE", "euroscol-no-evidence.toml", EVERY_CRITERION)
    check(engine, registry, MODULE, national)
    without_6 = tuple(ref for ref in EVERY_CRITERION if ref != "ldm:6")
    adopted = Case(
        "adopted", "T-EVIDENCE", "euroscol-no-evidence.toml", without_6, "euroscol-adopted.toml"
    )
    check(engine, registry, MODULE, adopted)


def test_evidence_per_criterion_message_counts(engine, registry):
    found = findings(
        engine, registry, MODULE, Case("two", "T-EVIDENCE-TWO", "indicators-but-8.toml")
    )
    assert [f.message for f in found] == ["ldm:8 : 1 sur 2"]


def test_evidence_per_item_counts_each_descriptor(engine, registry):
    subjects = {
        f.subject
        for f in findings(engine, registry, MODULE, Case("item", "T-EVIDENCE-ITEM", "item-1.toml"))
    }
    assert "ldm:1.1" not in subjects
    assert {"ldm:1.2", "ldm:2.6"} <= subjects
    assert not subjects & set(EVERY_CRITERION)  # items, never whole criteria


@cases(
    Case("an-indicator-for-each-but-8", "T-INDICATOR", "indicators-but-8.toml", ("ldm:8",)),
    Case("pieces-are-not-indicators", "T-INDICATOR", "piece-for-all.toml", EVERY_CRITERION),
    Case("min-two-met", "T-INDICATOR-TWO", "indicators-but-8.toml", ("ldm:8",)),
    Case("no-indicator", "T-INDICATOR-TWO", "none.toml", EVERY_CRITERION),
)
def test_indicator_per_criterion_at_least_min_indicators(engine, registry, case):
    check(engine, registry, MODULE, case)


ITEMS_RULE = """\
label = "{label}"

[[rules]]
id = "{prefix}-TEST-ITEMS"
title = "Un test"
severity = "warning"
kind = "evidence-per-criterion"
scope = "application"
message = "{{ref}}"
source = {{ document = "Test", section = "1" }}
[rules.check]
{check}
"""


def _items_errors(registry, check: str, label: str = "eduform"):
    from labelcheck.core.ruleset import compile_rule_file

    text = ITEMS_RULE.format(label=label, prefix=label.upper(), check=check)
    return compile_rule_file(registry, "test-rules.toml", text)[1]


def test_evidence_items_the_label_does_not_have_are_refused(registry):
    """`items = [99]` on a label of 32 indicators picked nothing: the rule asked for nothing,
    without a word (the plugin author's audit)."""
    [error] = _items_errors(registry, 'per = "item"\nitems = [1, 99]')
    assert (error.path, error.line) == ("rules[0].check.items[1]", 13)
    assert "le label eduform n'a pas d'item 99" in error.message.replace("\u202f", " ")
    assert _items_errors(registry, 'per = "item"\nitems = [1, 3, 17, 19]') == []
    # An academy's profile may add items to LDM (`ldm:9.47`): not known when rules load.
    assert _items_errors(registry, 'per = "item"\nitems = [47]', label="ldm") == []


def test_evidence_items_counted_per_criterion_are_refused(registry):
    """Counted per criterion (the default), `items` was ignored: every criterion was asked."""
    [error] = _items_errors(registry, "items = [1]")
    assert error.path == "rules[0].check.items"
    assert 'per = "item"' in error.message


def test_evidence_also_with_nonconformity_without_items_is_refused(registry):
    """Without `items` every item is examined already: the key said something it did not do."""
    [error] = _items_errors(registry, 'per = "item"\nalso_with_nonconformity = true')
    assert error.path == "rules[0].check.also_with_nonconformity"
    assert (
        _items_errors(registry, 'per = "item"\nitems = [1]\nalso_with_nonconformity = true') == []
    )


# -- items of a criterion an academy's profile adds (`ldm:9.47`) -------------------------------

NINTH_CRITERION = """\
[[criteria]]
label = "ldm"
number = 9
title = "Transition écologique des métiers"
source = "Cahier des charges académique 2027, critère 9"
[[criteria.items]]
number = 47
title = "Des actions de découverte des métiers de la transition écologique"
"""

ACADEMY_PROFILE = (
    'name = "normandie-test"\nacademies = ["normandie"]\n\n'
    + NINTH_CRITERION
    + '\n[[severity]]\nrule = "NORMANDIE-TEST-ITEMS"\nseverity = "warning"\nreason = "Test"\n'
)


class _AcademyPlugin:
    """An academy's plugin (the guide's § 7): its rule file for LDM, and its profile if any."""

    def __init__(self, folder, profile: bool):
        self.folder, self.profile = folder, profile

    @hookimpl
    def labelcheck_rule_files(self):
        return [self.folder / "rules.toml"]

    @hookimpl
    def labelcheck_profiles(self):
        return [self.folder / "profile.toml"] if self.profile else []


def _academy_registry(tmp_path, items: str, profile: bool = True):
    from labelcheck.core.registry import Registry, plugin_manager

    rules = ITEMS_RULE.format(label="ldm", prefix="NORMANDIE", check=f'per = "item"\n{items}')
    (tmp_path / "rules.toml").write_text(rules, encoding="utf-8")
    (tmp_path / "profile.toml").write_text(ACADEMY_PROFILE, encoding="utf-8")
    pm = plugin_manager()
    pm.register(_AcademyPlugin(tmp_path, profile), name="academie-test")
    return Registry.from_plugins(pm)


def test_an_item_no_profile_adds_disables_the_plugin_when_the_profiles_are_known(tmp_path):
    """`items = [48]` where the academy's ninth criterion holds item 47 alone: the rule loaded
    without a word and never fired (the plugin author's audit). Said when the engine is
    made, at the rule's file and line, with the items there are; its plugin is disabled
    alone (it stopped every run, the plugin said « actif »: the second plugin audit)."""
    from labelcheck.core.engine import Engine

    registry = _academy_registry(tmp_path, "items = [47, 48]")
    engine = Engine.create(registry=registry)
    [error] = registry.plugins["academie-test"].errors
    assert "NORMANDIE-TEST-ITEMS" not in {rule.id for rule in engine.rules}
    assert "ldm" in registry.labels
    assert (error.file, error.line, error.path) == (
        str(tmp_path / "rules.toml"),
        13,
        "rules[0].check.items[1]",
    )
    message = error.message.replace("\u202f", " ")
    assert message.startswith("règle NORMANDIE-TEST-ITEMS : le label ldm n'a pas d'item 48,")
    assert message.endswith(
        "items existants : 1 à 46 (référentiel), 47 (critère 9 du profil « normandie-test »)"
    )
    # The item the profile adds: no error, and the academy's plugin is not disabled.
    registry = _academy_registry(tmp_path, "items = [47]")
    Engine.create(registry=registry)
    assert not registry.plugins["academie-test"].broken


def test_an_item_of_a_profile_given_on_the_command_line_disables_nothing(tmp_path):
    """A plugin whose profile is given with `--profile FILE` (not shipped): its item is known
    only then, and the plugin is not disabled for it; without that file, it is."""
    from labelcheck.core.engine import Engine

    given = tmp_path / "given.toml"
    given.write_text('name = "normandie-fichier"\n\n' + NINTH_CRITERION, encoding="utf-8")
    registry = _academy_registry(tmp_path, "items = [47]", profile=False)
    engine = Engine.create(str(given), registry=registry)
    assert not registry.plugins["academie-test"].broken
    assert "NORMANDIE-TEST-ITEMS" in {rule.id for rule in engine.rules}
    registry = _academy_registry(tmp_path, "items = [47]", profile=False)
    Engine.create(registry=registry)
    [error] = registry.plugins["academie-test"].errors
    assert error.message.replace("\u202f", " ").endswith("items existants : 1 à 46 (référentiel)")


@cases(
    Case("item-applies", "T-NOT-APPLICABLE", "item-34-network.toml"),
    Case("item-does-not-apply", "T-NOT-APPLICABLE", "item-34-alone.toml", ("ldm:6.34",)),
    Case("no-item-with-a-condition-named", "T-NOT-APPLICABLE", "item-1.toml"),
)
def test_evidence_item_not_applicable_names_the_item_cited(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_evidence_item_not_applicable_says_what_cites_it(engine, registry):
    case = Case("alone", "T-NOT-APPLICABLE", "item-34-alone.toml", ("ldm:6.34",))
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message == (
        "34 (ldm:6.34, critère ldm:6) : l'indicateur «\u202find-34\u202f», la ligne "
        "d'auto-évaluation citant «\u202fpiece-32\u202f»"
    )


def test_an_indicator_on_an_item_that_does_not_apply_monitors_nothing(engine, registry):
    """Its criterion has no indicator (LDM 002: « à minima 1 par critère »), while the piece
    on descriptor 32 still documents it."""
    alone = findings(engine, registry, MODULE, Case("alone", "T-INDICATOR", "item-34-alone.toml"))
    assert "ldm:6" in {f.subject for f in alone}
    network = Case("network", "T-INDICATOR", "item-34-network.toml")
    assert "ldm:6" not in {f.subject for f in findings(engine, registry, MODULE, network)}
    documented = Case("alone", "T-EVIDENCE", "item-34-alone.toml")
    assert "ldm:6" not in {f.subject for f in findings(engine, registry, MODULE, documented)}
