"""`labelcheck evaluate` end to end on variants of the Jean Lurçat example (a renewal sent on
10/03/2026, the label held since 28/06/2021), each changing what one rule reads."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import EXAMPLES, report

AS_OF = "2026-05-20"


def lurcat_variant(folder: Path, *changes: tuple[str, str]) -> Path:
    """A copy of the example in `folder`, each (old, new) replaced once in its dossier.toml."""
    shutil.copytree(EXAMPLES / "lp-jean-lurcat", folder)
    dossier = folder / "dossier.toml"
    text = dossier.read_text("utf-8")
    for old, new in changes:
        assert old in text, f"example changed: {old!r}"
        text = text.replace(old, new, 1)
    dossier.write_text(text, "utf-8")
    return folder


def evaluated(cli, folder: Path) -> dict:
    result = cli("evaluate", folder, "--as-of", AS_OF, "--label", "ldm", "--format", "json")
    [dossier] = report(result)["dossiers"]
    [label] = dossier["labels"]
    return label


# The board minutes of 2026 dated the day after sending, those of 2021 (the last cycle) added.
PV_LATE = ("date = 2026-03-03\n", "date = 2026-03-11\n")
PV_2021 = (
    '[[documents]]\nid = "carto"',
    '[[documents]]\nid = "pv-ca-2021"\ntype = "pv-ca"\n'
    'title = "PV CA 2021 (candidature initiale)"\ndate = 2021-03-01\n\n'
    '[[documents]]\nid = "carto"',
)


def test_a_renewal_whose_minutes_before_sending_are_the_last_cycle_s_is_not_ready(cli, tmp_path):
    """Circular of 23 October 2023, § 4: « après accord du conseil d'administration ». The
    2021 minutes met the date before sending, the late 2026 ones the cycle: PRÊT."""
    label = evaluated(cli, lurcat_variant(tmp_path / "pv2", PV_LATE, PV_2021))
    assert label["verdict"] == "not-ready"
    [finding] = [f for f in label["findings"] if f["rule"] == "LDM-PV-CA-DATE"]
    assert finding["severity"] == "blocking"
    assert (
        "la seule pièce antérieure à l'envoi du dossier date du cycle précédent (01/03/2021)"
        in (finding["message"])
    )


def test_a_renewal_with_only_the_last_cycle_s_minutes_is_not_ready(cli, tmp_path):
    """Only the 2021 minutes: a warning (LDM-PV-CA-CYCLE) was all it said."""
    only_2021 = ("date = 2026-03-03\n", "date = 2021-03-01\n")
    label = evaluated(cli, lurcat_variant(tmp_path / "pv1", only_2021))
    assert label["verdict"] == "not-ready"
    assert [f["rule"] for f in label["findings"] if f["rule"].startswith("LDM-PV-CA")] == [
        "LDM-PV-CA-DATE"
    ]


def test_the_example_s_minutes_of_this_cycle_before_sending_are_ready(cli, tmp_path):
    label = evaluated(cli, lurcat_variant(tmp_path / "pv0", PV_2021))
    assert label["verdict"] == "ready"
    assert not [f for f in label["findings"] if f["rule"].startswith("LDM-PV-CA")]


# The indicator of criterion 6 on descriptor 34 alone (network applications only: this school
# applies alone), and the other refs to criterion 6 taken away.
ON_34 = (
    'supports = ["ldm:6"]\nvalues = { 2024 = 14',
    'supports = ["ldm:6.34"]\nvalues = { 2024 = 14',
)
NO_OTHER_6 = (
    ('Allemagne)"\nsupports = ["ldm:6"]', 'Allemagne)"\nsupports = ["ldm:1"]'),
    ('ref = "ldm:6.32"\nevidence = ["mobilites", "A6-1"]', 'ref = "ldm:1.1"\nevidence = ["A6-1"]'),
    ('ref = "ldm:6.32"\ngrade = "strength"', 'ref = "ldm:1"\ngrade = "strength"'),
)


def test_an_indicator_on_a_descriptor_that_does_not_apply_leaves_its_criterion_unmonitored(
    cli, tmp_path
):
    """Cahier des charges 2026, descriptor 34 (« Dans le cas des candidatures en réseaux »)
    and LDM 002 (« à minima 1 par critère »): the example, network = false, read PRÊT and
    ldm:6 « documenté » by the indicator `mobilites` attached to descriptor 34 alone."""
    label = evaluated(cli, lurcat_variant(tmp_path / "ip3", ON_34, *NO_OTHER_6))
    assert label["verdict"] == "not-ready"
    [six] = [c for c in label["criteria"] if c["ref"] == "ldm:6"]
    assert six["status"] == "not-met" and six["evidence"] == []
    rules = {f["rule"]: f for f in label["findings"]}
    assert rules["LDM-INDICATOR-PER-CRITERION"]["subject"] == "ldm:6"
    warning = rules["LDM-EVIDENCE-ITEM-NOT-APPLICABLE"]
    assert warning["severity"] == "warning" and warning["subject"] == "ldm:6.34"
    assert "candidatures en réseau" in warning["message"]


def test_a_self_assessment_line_on_a_descriptor_that_does_not_apply_is_said(cli, tmp_path):
    """A line on ldm:6.34 was accepted silently; its evidence still counts where its own
    `supports` put it (mobilites, A6-1 on criterion 6)."""
    line = (
        'ref = "ldm:6.32"\nevidence = ["mobilites", "A6-1"]',
        'ref = "ldm:6.34"\nevidence = ["mobilites", "A6-1"]',
    )
    label = evaluated(cli, lurcat_variant(tmp_path / "sa34", line))
    assert label["verdict"] == "ready"
    [warning] = [f for f in label["findings"] if f["rule"] == "LDM-EVIDENCE-ITEM-NOT-APPLICABLE"]
    assert warning["subject"] == "ldm:6.34" and "la ligne d'auto-évaluation" in warning["message"]
    [six] = [c for c in label["criteria"] if c["ref"] == "ldm:6"]
    assert six["evidence"] == ["A6-1", "mobilites"]
