"""A school head who does exactly what a remedy says clears its finding.

From the remedy audit: a quality referent fixed dossiers by typing what each remedy
told, and about 30 remedies failed them: a new entry refused by validation for a
required key the remedy did not name (`id`, `audit_type`…), `lifted` never named beside
`status = "lifted"`, the audit finding's grade to correct told as the fiche's. Each case
here is a trigger dossier (fixtures/remedies/), the fix the remedy tells, in the keys it
names, and the proof: the remedy names every key the fix writes, the fixed dossier is
valid, and the finding is gone, bringing no other finding but those the case expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "remedies"
CVL = "centre-val-de-loire-2026"


@dataclass(frozen=True)
class Fix:
    """Rule `rule` fires on `dossier` (judged on `as_of`, under `profile`); its remedy's fix
    is `append` added at the end and each `replace` pair (old, new) made, writing only keys
    the remedy names. `also`: other rules the fixed dossier is expected to break (a real,
    separate problem the fix reveals: a fiche recorded open is open)."""

    rule: str
    dossier: str
    append: str = ""
    replace: tuple[tuple[str, str], ...] = ()
    as_of: str = "2026-05-20"
    profile: str | None = None
    also: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # what else the remedy must name: where the key goes

    def written(self) -> str:
        """What the fix types: what it appends, and the lines a replacement changes."""
        changed = [
            line
            for old, new in self.replace
            for line in new.splitlines()
            if line not in old.splitlines()
        ]
        return "\n".join([self.append, *changed])

    def typed(self) -> set[str]:
        """The keys the fix types, as `key` and its tables as [[table]]."""
        text = self.written()
        return (
            {f"`{k}" for k in re.findall(r"^(\w+) =", text, re.M)}
            | set(re.findall(r"^\[\[[\w.]+\]\]", text, re.M))
            | set(self.names)
        )

    def apply(self, text: str) -> str:
        for old, new in self.replace:
            assert old in text, f"{self.dossier}: {old!r} moved: update this case"
            text = text.replace(old, new, 1)
        return text + self.append


FIXES = [
    Fix(
        "LDM-DOC-REQUIRED",
        "ldm-pv-ca-missing.toml",
        '\n[[documents]]\nid = "pv-ca"\ntype = "pv-ca"\ndate = 2026-03-03\n',
    ),
    Fix(
        "LDM-DOC-REQUIRED",
        "ldm-pv-ca-serving-e3d.toml",
        replace=(('supports = ["e3d"]', 'supports = ["e3d", "ldm"]'),),
    ),
    Fix(
        "LDM-PV-CA-DATE",
        "ldm-pv-ca-after-submitted.toml",
        replace=(('title = "PV CA"\ndate = 2026-03-20', 'title = "PV CA"\ndate = 2026-03-03'),),
        names=("`submitted",),  # the date the message says the minutes come after
    ),
    Fix(
        "LDM-FINDING-NO-FICHE",
        "ldm-finding-without-fiche.toml",
        '\n[[nonconformities]]\nid = "FE-1"\nref = "ldm:7.35"\naudit_type = "initial"\n'
        'raised = 2026-05-20\nstatus = "open"\ncorrective_action = "Cellule de veille"\n',
        also=("LDM-NC-OPEN",),
    ),
    Fix(
        "LDM-DEVIATION-FINDING-OPEN",
        "ldm-deviation-finding.toml",
        '\n[[nonconformities]]\nid = "E-1"\nref = "ldm:7"\ngrade = "deviation"\n'
        'audit_type = "initial"\nraised = 2026-05-20\ncorrective_action = "Compte rendu"\n'
        'status = "open"\n',
        also=("LDM-DEVIATION-OPEN",),
    ),
    Fix(
        "LDM-NC-OPEN",
        "ldm-nc-open.toml",
        replace=(('status = "open"', 'status = "lifted"\nlifted = 2026-05-20'),),
    ),
    Fix(
        "LDM-NC-DEADLINE",
        "ldm-nc-past-deadline.toml",
        replace=(('status = "open"', 'status = "lifted"\nlifted = 2026-09-15'),),
        as_of="2026-10-15",
        profile=CVL,
    ),
    Fix(
        "LDM-INDICATOR-PER-CRITERION",
        "ldm-criterion-without-indicator.toml",
        '\n[[indicators]]\nid = "suivi-8"\nname = "Indicateur du critère 8"\nsupports = ["ldm:8"]\n',
    ),
    Fix(
        "LDM-AUDIT-CALENDAR",
        "ldm-audit-calendar-undated.toml",
        replace=(
            (
                "date = 2026-05-20\nauditors",
                "date = 2026-05-20\nplan_returned = 2026-05-04\nreport_sent = 2026-05-29\nauditors",
            ),
        ),
        as_of="2026-06-15",
        profile=CVL,
        also=("LDM-AUDIT-TEAM-ACADEMY",),
    ),
    Fix(
        "LDM-EQUIVALENCE-UNDECIDED",
        "ldm-euroscol-undecided.toml",
        '\n[[decisions]]\nkind = "equivalence"\nequivalence = "euroscol-ldm-6"\n'
        'by = "groupe académique Lycée des métiers"\ndate = 2026-02-02\n'
        'reference = "Relevé de décisions du 2 février 2026"\n',
        also=("LDM-EQUIVALENCE-APPLIED",),
    ),
    Fix(
        "E3D-BOARD",
        "e3d-board-minutes-missing.toml",
        '\n[[documents]]\nid = "pv-ca"\ntype = "pv-ca"\n',
    ),
    Fix(
        "E3D-PARTNER",
        "e3d-without-partner.toml",
        '\n[[partners]]\nid = "region"\nname = "Région"\nkind = "local-authority"\n'
        'supports = ["e3d"]\n',
    ),
    Fix(
        "E3D-INDICATOR-PER-AXIS",
        "e3d-axis-without-indicator.toml",
        '\n[[indicators]]\nid = "k3"\nname = "Tri des déchets"\nsupports = ["e3d:3"]\n',
    ),
    Fix(
        "E3D-VALIDITY-RENEWAL-DUE",
        "e3d-renewal-due.toml",
        '\n[[applications]]\nlabel = "e3d"\ntype = "renewal"\nlevel = 1\n',
    ),
    Fix(
        "EDUFORM-ELIGIBILITY",
        "eduform-lycee-applies.toml",
        replace=(
            (
                '[[applications]]\nlabel = "eduform"\ntype = "initial"\ncategories = ["training"]\n'
                "submitted = 2026-01-15\n",
                '[[held]]\nlabel = "eduform"\nholder = "GRETA Lyon Métropole"\n'
                "awarded = 2025-09-01\n",
            ),
        ),
    ),
    Fix(
        "EDUFORM-FINDING-GRADE-MAJOR-ONLY",
        "eduform-minor-finding-on-major-only.toml",
        replace=(('ref = "eduform:2.4"\ngrade = "minor"', 'ref = "eduform:2.4"\ngrade = "major"'),),
        names=("[[audits.findings]]",),  # the audit's finding, not a fiche, is what it reads
        also=("EDUFORM-FINDING-MAJOR-NO-RECORD",),
    ),
    Fix(
        "EDUFORM-FINDING-MAJOR-NO-RECORD",
        "eduform-minor-finding-on-major-only.toml",
        '\n[[nonconformities]]\nid = "NC-1"\nref = "eduform:2.4"\ngrade = "major"\n'
        'audit_type = "initial"\nraised = 2026-03-10\nstatus = "lifted"\nlifted = 2026-04-10\n',
        replace=(('ref = "eduform:2.4"\ngrade = "minor"', 'ref = "eduform:2.4"\ngrade = "major"'),),
    ),
    Fix(
        "EDUFORM-NC-MAJOR-DEADLINE",
        "eduform-major-past-deadline.toml",
        replace=(('status = "open"', 'status = "lifted"\nlifted = 2026-05-15'),),
        as_of="2026-07-20",
    ),
    Fix(
        "EDUFORM-SURVEILLANCE-MISSED",
        "eduform-surveillance-missed.toml",
        '\n[[audits]]\nlabel = "eduform"\ntype = "surveillance"\ndate = 2026-03-10\n',
        as_of="2026-09-15",
    ),
    Fix(
        "EDUFORM-VALIDITY-RENEWAL-DUE",
        "eduform-renewal-due.toml",
        '\n[[applications]]\nlabel = "eduform"\ntype = "renewal"\ncategories = ["training"]\n',
        also=("EDUFORM-SURVEILLANCE-MISSED",),
    ),
]


def _findings(result, rule: str) -> list:
    return [f for label in result.labels for f in label.findings if f.rule == rule]


def _blocking_or_warning(result) -> set[str]:
    return {
        f.rule
        for label in result.labels
        for f in label.findings
        if f.severity in ("blocking", "warning")
    }


def _ids(fixes: list[Fix]) -> list[str]:
    return [f"{f.rule}:{Path(f.dossier).stem}" for f in fixes]


@pytest.mark.parametrize("fix", FIXES, ids=_ids(FIXES))
def test_the_remedy_names_every_key_its_fix_writes(evaluate, fix):
    """Every key the fix writes named by the remedies of the rule's findings, each of which
    may name its own (LDM-AUDIT-CALENDAR: `plan_returned` for the plan, `report_sent` for
    the report)."""
    before = evaluate(FIXTURES / fix.dossier, fix.profile, fix.as_of)
    remedies = " ".join(finding.remedy or "" for finding in _findings(before, fix.rule))
    assert sorted(k for k in fix.typed() if k not in remedies) == []


def test_a_date_written_though_late_is_not_asked_for_again(evaluate):
    """The multi-label example returned its audit plan on 08/05/2026, three days late: the
    remedy asked to write `plan_returned = AAAA-MM-JJ` and `report_sent = AAAA-MM-JJ`, which
    the dossier gives (the new-user walk). A date missing is asked for, itself alone."""
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel" / "dossier.toml"
    [late] = _findings(evaluate(example, CVL, "2026-05-20"), "LDM-AUDIT-CALENDAR")
    assert "fait le 08/05/2026, 3 jours après l'échéance" in late.message
    assert "AAAA-MM-JJ" not in late.remedy and "Rien à corriger" in late.remedy
    assert "aux prochains audits" in late.remedy
    undated = evaluate(FIXTURES / "ldm-audit-calendar-undated.toml", CVL, "2026-06-15")
    asked = {f.subject: f.remedy for f in _findings(undated, "LDM-AUDIT-CALENDAR")}
    assert set(asked) == {"plan_returned", "report_sent"}
    for key, remedy in asked.items():
        other = ({"plan_returned", "report_sent"} - {key}).pop()
        assert f"`{key} = AAAA-MM-JJ`" in remedy and other not in remedy, remedy


@pytest.mark.parametrize("fix", FIXES, ids=_ids(FIXES))
def test_following_the_remedy_clears_its_finding(evaluate, tmp_path, fix):
    before = evaluate(FIXTURES / fix.dossier, fix.profile, fix.as_of)
    assert _findings(before, fix.rule)
    fixed = tmp_path / "dossier.toml"
    fixed.write_text(fix.apply((FIXTURES / fix.dossier).read_text("utf-8")), "utf-8")
    after = evaluate(fixed, fix.profile, fix.as_of)
    assert not after.errors
    assert _findings(after, fix.rule) == []
    brought = _blocking_or_warning(after) - _blocking_or_warning(before) - set(fix.also)
    assert brought == set()
