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
