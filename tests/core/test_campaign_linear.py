"""The work of a campaign's checks across schools grows with its records, not their square:
N records of one audit (a dossier copied N times, or N dossiers of one school) took 58 s for
2,000 (the scaling audit). The work is counted, never timed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from labelcheck.core import campaign
from labelcheck.core.campaign import Campaign, PlannedAudit, PlannedStep, SchoolPlan
from labelcheck.core.writers.campaign import render

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
DAY = dt.date(2026, 6, 10)
RECORDS = 400


def record(number: int) -> PlannedAudit:
    names = (f"A{number}", f"B{number}", f"C{number}")
    return PlannedAudit("0180008L", "Lycée S", "e3d", "E3D", "initial", DAY, names)


def one_school(*plans: SchoolPlan) -> Campaign:
    plan = Campaign(START, END, START, "auto", join_within=30)
    for school in plans:
        plan.add(school)
    return plan


def test_the_records_of_one_audit_compare_each_name_once(monkeypatch):
    compared = []

    def counted(name: str) -> str:
        compared.append(name)
        return campaign.french.person(name)

    monkeypatch.setattr(campaign, "person", counted)
    records = tuple(record(n) for n in range(RECORDS))
    plan = one_school(SchoolPlan("s/dossier.toml", "0180008L", "Lycée S", audits=records))
    [audit] = plan.audits()
    assert len(audit.auditors) == 3 * RECORDS
    assert len(compared) <= 3 * RECORDS


def test_a_team_named_again_in_another_spelling_is_one_team():
    first = record(1)
    again = replace(first, auditors=("a1", "É. Roux", "e. roux"))
    plan = one_school(
        SchoolPlan("s/dossier.toml", "0180008L", "Lycée S", audits=(first,)),
        SchoolPlan("s/e3d/dossier.toml", "0180008L", "Lycée S", audits=(again,)),
    )
    [audit] = plan.audits()
    assert audit.auditors == ("A1", "B1", "C1", "É. Roux")


def test_a_report_gathers_each_schools_audits_once(monkeypatch):
    gathered = []
    gather = campaign._audits_of

    def counted(plans: list[SchoolPlan]) -> list[PlannedAudit]:
        gathered.append(plans)
        return gather(plans)

    monkeypatch.setattr(campaign, "_audits_of", counted)
    plan = one_school(SchoolPlan("s/dossier.toml", "0180008L", "Lycée S", audits=(record(1),)))
    render(plan, "json")
    plan.problems()
    assert len(gathered) == 1


def test_a_school_added_after_a_report_is_in_the_next():
    plan = one_school(SchoolPlan("s/dossier.toml", "0180008L", "Lycée S", audits=(record(1),)))
    assert len(plan.audits()) == 1
    other = PlannedAudit("0180009M", "Lycée T", "e3d", "E3D", "initial", DAY, ("D",))
    plan.add(SchoolPlan("t/dossier.toml", "0180009M", "Lycée T", audits=(other,)))
    assert [a.uai for a in plan.audits()] == ["0180008L", "0180009M"]


class HashCounted(str):
    """A label that counts how often a set or a dict looks it up."""

    lookups = 0

    def __hash__(self) -> int:
        HashCounted.lookups += 1
        return super().__hash__()


def step(label: str, step_id: str) -> PlannedStep:
    return PlannedStep(DAY, "0180008L", "Lycée S", label, "E3D", step_id, "Audit", "")


def test_the_steps_of_n_audits_one_day_are_ranked_looking_each_up_a_few_times():
    label = HashCounted("e3d")
    HashCounted.lookups = 0
    ranked = [s.id for s in campaign._unique_ids([step(label, "audit")] * RECORDS)]
    assert ranked == ["audit", *(f"audit:{rank}" for rank in range(2, RECORDS + 1))]
    assert HashCounted.lookups <= 5 * RECORDS


def test_an_id_that_looks_ranked_keeps_the_ranks_apart():
    steps = [step("e3d", i) for i in ("audit", "audit", "audit:2", "audit", "audit:2")]
    ranked = [s.id for s in campaign._unique_ids(steps)]
    assert ranked == ["audit", "audit:2", "audit:2:2", "audit:3", "audit:2:3"]
